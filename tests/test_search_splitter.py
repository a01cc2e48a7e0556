"""Norwegian word handling of the staff search, as plain Python (no Plone)."""

from bti.portal.search import norwegian
from bti.portal.search.engine import Engine
from bti.portal.search.norwegian import extras
from bti.portal.search.norwegian import fold
from bti.portal.search.norwegian import index_words
from bti.portal.search.norwegian import normalize
from bti.portal.search.norwegian import query_globs
from bti.portal.search.norwegian import query_words
from bti.portal.search.norwegian import split
from unittest import mock

import unittest


def indexed(text: str) -> set:
    return set(index_words(text.lower().split()))


def finds(query: str, text: str) -> bool:
    """Would a query word (as a term) find a text with the pipeline applied?"""
    return set(query_words([query])) <= indexed(text)


def finds_glob(query: str, text: str) -> bool:
    """Would Plone's "word*" find the text (prefix match on indexed words)?"""
    (pattern,) = query_globs([query + "*"])
    prefix = pattern.rstrip("*")
    return any(word.startswith(prefix) for word in indexed(text))


class TestWordLists(unittest.TestCase):
    def test_lists_loaded(self):
        self.assertGreater(len(norwegian.WORDS), 300)
        self.assertGreater(len(norwegian.CANONICAL), 50)

    def test_fold_like_plone(self):
        self.assertEqual(fold("Møte"), "mote")
        self.assertEqual(fold("Åpningstid"), "apningstid")
        self.assertEqual(fold("ÆRE"), "aere")
        self.assertEqual(fold(b"skule"), "skule")

    def test_every_listed_word_is_stable(self):
        for word in norwegian.WORDS:
            self.assertEqual(normalize(normalize(word)), normalize(word), word)

    def test_canonical_forms_are_listed_words(self):
        for variant, canonical in norwegian.CANONICAL.items():
            self.assertIn(canonical, norwegian.WORDS)
            self.assertNotIn(canonical, norwegian.CANONICAL, variant)

    def test_idempotent_on_compounds_and_inflections(self):
        words = [
            "samtykkeskjemaet",
            "skuleskyssen",
            "tenestene",
            "rettleiarane",
            "foreldremøtet",
            "undringssamtalen",
            "helsestasjonsvaksine",
            "kartleggingsskjemaet",
            "ungdomsskulen",
            "samtykkeblankett",
            "barnevernstenesta",
            "Handlingsrettleiaren",
            "xyzzy",
            "2024",
        ]
        for word in words:
            once = normalize(word)
            self.assertEqual(normalize(once), once, word)
            self.assertEqual(query_words(query_words([word])), query_words([word]))


class TestVariants(unittest.TestCase):
    def test_nynorsk_to_bokmal(self):
        self.assertEqual(normalize("skule"), "skole")
        self.assertEqual(normalize("teneste"), "tjeneste")
        self.assertEqual(normalize("rettleiar"), "veileder")
        self.assertEqual(normalize("oppfylging"), "oppfolging")
        self.assertEqual(normalize("uro"), "bekymring")

    def test_inflected_forms(self):
        self.assertEqual(normalize("skulen"), "skole")
        self.assertEqual(normalize("skolene"), "skole")
        self.assertEqual(normalize("tenesta"), "tjeneste")
        self.assertEqual(normalize("tjenester"), "tjeneste")
        self.assertEqual(normalize("rettleiarane"), "veileder")
        self.assertEqual(normalize("kommunen"), "kommune")

    def test_listed_word_not_mistaken_for_an_inflection(self):
        self.assertEqual(normalize("fare"), "fare")  # not far + e
        self.assertEqual(normalize("skjema"), "skjema")

    def test_unknown_words_unchanged(self):
        self.assertEqual(normalize("xyzzy"), "xyzzy")
        self.assertEqual(normalize("Bindal"), "bindal")
        self.assertEqual(normalize("og"), "og")

    def test_pairs_find_each_other_both_ways(self):
        for a, b in (
            ("skole", "skule"),
            ("tjeneste", "teneste"),
            ("veileder", "rettleiar"),
            ("undersøkelse", "undersøking"),
            ("taushetsplikt", "teieplikt"),
            ("leder", "leiar"),
        ):
            self.assertTrue(finds(a, f"ein tekst om {b} her"), (a, b))
            self.assertTrue(finds(b, f"en tekst om {a} her"), (b, a))
            self.assertTrue(finds_glob(a, f"ein tekst om {b} her"), (a, b))
            self.assertTrue(finds_glob(b, f"en tekst om {a} her"), (b, a))

    def test_variant_inside_a_compound(self):
        self.assertEqual(normalize("skuleskyssen"), "skoleskyss")
        self.assertTrue(finds("skoleskyss", "om skuleskyssen"))
        self.assertTrue(finds("skole", "om skuleskyss"))
        self.assertTrue(finds("tjeneste", "barnevernstenesta"))
        self.assertTrue(finds("veileder", "handlingsrettleiaren"))


class TestCompounds(unittest.TestCase):
    def test_split(self):
        self.assertEqual(split("samtykkeskjema"), (("samtykke", ""), ("skjema", "")))
        self.assertEqual(split("undringssamtale"), (("undring", "s"), ("samtale", "")))
        self.assertEqual(split("barnehage"), (("barn", "e"), ("hage", "")))
        self.assertEqual(split("samtykkeskjemaet"), (("samtykke", ""), ("skjema", "")))

    def test_no_split(self):
        self.assertIsNone(split("samtykke"))
        self.assertIsNone(split("kommune"))
        self.assertIsNone(split("xyzzyplugh"))
        self.assertIsNone(split("ab"))

    def test_parts_are_indexed(self):
        self.assertEqual(extras("samtykkeskjema"), ("samtykke", "skjema"))
        self.assertTrue(finds("samtykke", "fyll ut samtykkeskjema"))
        self.assertTrue(finds("skjema", "fyll ut samtykkeskjema"))
        self.assertTrue(finds("samtykkeskjema", "fyll ut samtykkeskjemaet"))
        self.assertTrue(finds("samtale", "før undringssamtalen"))
        self.assertTrue(finds("helse", "helsestasjonsvaksine"))
        self.assertTrue(finds("stasjon", "helsestasjonsvaksine"))
        self.assertTrue(finds("vaksine", "helsestasjonsvaksine"))

    def test_parts_found_by_glob_search_too(self):
        self.assertTrue(finds_glob("skjema", "fyll ut samtykkeskjema"))
        self.assertTrue(finds_glob("samtykke", "fyll ut samtykkeskjema"))

    def test_known_part_next_to_unknown_part(self):
        # "blankett" is listed; "kartleggingsverktøyet" splits fully;
        # an unknown head still leaves a listed tail findable.
        self.assertIn("skjema", extras("fritidsklubbskjema"))
        self.assertIn("samtykke", extras("samtykkequizzen"))

    def test_not_found_by_unrelated_words(self):
        self.assertFalse(finds("skjema", "samtykke"))
        self.assertFalse(finds("samtykke", "skjema for meldinger"))
        self.assertFalse(finds("skole", "barnehage"))

    def test_extras_come_after_the_text(self):
        words = index_words(["samtykkeskjema", "for", "foreldre"])
        self.assertEqual(words[:3], ["samtykkeskjema", "for", "foreldre"])
        self.assertEqual(set(words[3:]), {"samtykke", "skjema"})


class TestQueries(unittest.TestCase):
    def test_glob_stem_normalized(self):
        self.assertEqual(query_globs(["skule*"]), ["skole*"])
        self.assertEqual(query_globs(["tenesta*"]), ["tjeneste*"])
        self.assertEqual(query_globs(["samtykke*"]), ["samtykke*"])
        self.assertEqual(query_globs(["rettleiar"]), ["veileder"])

    def test_other_globs_only_folded(self):
        self.assertEqual(query_globs(["sk?le"]), ["sk?le"])
        self.assertEqual(query_globs(["m*te"]), ["m*te"])
        self.assertEqual(query_globs(["*"]), ["*"])

    def test_no_extras_at_query_time(self):
        self.assertEqual(query_words(["samtykkeskjema"]), ["samtykkeskjema"])

    def test_prefix_of_original_spelling_still_matches(self):
        # "tenest*" is no listed word: the original spellings are indexed too.
        self.assertTrue(finds_glob("tenest", "om tenesta"))


if __name__ == "__main__":
    unittest.main()


class TestLongWords(unittest.TestCase):
    def test_a_long_word_is_not_cut_into_compounds(self):
        """A 50,000-character "word" in a search took seconds: each cut was
        a term (quadratic). Past MAX_WORD no cut is tried."""
        engine = mock.Mock(wid=lambda term: 1)
        with mock.patch.object(norwegian, "term", side_effect=AssertionError):
            self.assertEqual(Engine.split(engine, "x" * 61), ())
        self.assertEqual(len(Engine.split(engine, "barnehagelærer")), 2)
