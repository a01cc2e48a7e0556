"""The one search engine of the portal: ranked BM25 over the catalog's text indexes.

Behind the header search box (``@@search``, ``@@ajax-search``), the
``@@guide-search`` page and REST ``@search``.  It keeps no index of its own:
the catalog's ZCTextIndexes (``Title``, ``Description``, ``SearchableText``,
all Okapi BM25 over ``plone_lexicon`` with the Norwegian pipeline element) are
read term by term, so nothing is written and no object is woken.

- **Query**: the words of the text, stop words left out (``norwegian``), each
  a *concept* searched as its term (normalized, stemmed), its compound parts,
  the longer words it is a prefix of and, for a word the site does not know,
  its nearest words in the lexicon (typo tolerance, shown as "did you mean"),
  its regular nynorsk/bokmål spellings (samtykkje/samtykke) and the compounds
  of the lexicon it is the first part of (lese: lesetrening).
- **OR, most of the question first**: every page with at least one concept
  is a hit; its score is scaled by its share of the question, each concept
  weighted by its rarity (IDF): a page without a common word ("starter",
  "loggen") loses little, one without the rare word a lot.
- **Fields**: BM25 of each index weighted (title above description above
  body) and added up; a page whose title holds the question's words as words
  of their own ranks higher; a word a page holds only inside a longer word
  (start in skolestart) counts less; folders and the site root weigh less
  than pages, a family page in another language than the site's less than
  the one in its own (the only type woken: to read its language).
- **Security and filters**: the candidates go through ``portal_catalog``
  (``UID`` plus the caller's filters), which adds the user's roles and the
  effective/expires range: nothing the user may not view is ever a hit.
"""

from Acquisition import aq_base
from bti.portal.content.guide import GUIDE_PAGE_TYPES
from bti.portal.content.ids import RANDOM_ID_TYPES
from bti.portal.search import norwegian
from dataclasses import dataclass
from dataclasses import field
from plone import api
from Products.CMFCore.indexing import processQueue
from Products.CMFCore.utils import getToolByName

import difflib
import math
import re


WORD = re.compile(r"\w+", re.UNICODE)
FIELDS = (("Title", 3.0), ("Description", 1.5), ("SearchableText", 1.0))
PREFIX_WEIGHT = 0.4  # a longer word the query word is the start of
PART_WEIGHT = 0.7  # the parts of a compound found apart
FUZZY_WEIGHT = 0.8  # a word of the lexicon close to an unknown query word
FUZZY_CUTOFF = 0.8
RESTEM_WEIGHT = 0.9  # the stem of the stem (invitere -> inviter -> invit)
SOFT_POWER = (
    2  # score x (share of the words found) ** power; 0: all words strictly first
)
INNER_WEIGHT = 0.7  # a word found only inside a longer word of the page
INNER_SHARE = True  # ... and counts that much in the hit's share of the query
OTHER_LANGUAGE = 0.7  # a page in another language than the site's
TITLE_BONUS = 2.0  # a hit whose title holds the whole query counts (1 + this) times
PARTIAL_SHARE = 0.5  # a compound's parts found apart, not all of them
WEIGHTED_SHARE = True  # rare words count more in a hit's share of the query
MIN_PREFIX = 5  # shortest term expanded as a prefix
MIN_UNKNOWN_PREFIX = 4  # the same for a word the site does not know
COMPOUND_WEIGHT = 0.7  # a compound of the lexicon the query word is the first part of
MAX_EXPANSIONS = 40
MAX_WORDS = 12
# Containers rank below the pages in them when both match.
TYPE_WEIGHT = {"Plone Site": 0.3, "Folder": 0.6, "LogFolder": 0.5, "AnnualWheel": 0.8}

# The action guide: every public guide type (bti.portal.content, forms, family pages).
GUIDE_TYPES = (*GUIDE_PAGE_TYPES, "EasyForm", "FamilyPage")
# The Stafettlogg and what is in it: in a text search only when asked for by type.
# The Stafettlogg's types: the log folder, units and every type with random ids.
LOG_TYPES = ("LogFolder", "Unit", *sorted(RANDOM_ID_TYPES))
BARE_ID = re.compile(
    r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|^[0-9a-f]{16,}$"
)


@dataclass
class Concept:
    """One word of the query and the terms that may stand for it."""

    word: str  # as typed
    term: str  # as indexed (normalized, stemmed)
    known: bool = False  # the term is in the lexicon
    parts: tuple = ()  # terms of its compound parts
    restem: str = ""  # the stem of the term, when it differs and is known
    expansions: tuple = ()  # longer terms it is the start of
    corrections: tuple = ()  # lexicon terms close to an unknown word
    variants: tuple = ()  # terms of its other written forms (samtykkje: samtykke)
    compounds: tuple = ()  # lexicon compounds that start with it (lese: lesetrening)
    weight: float = 1.0  # how rare it is (the IDF of its best term): share of a hit


@dataclass
class Hit:
    rid: int
    score: float = 0.0
    coverage: float = 0.0  # concepts matched (a compound found in part counts half)
    share: float = 0.0  # the same, each concept weighted by its rarity
    title: float = 0.0  # the share of the query in the title
    matched: list = field(default_factory=list)  # query words found


@dataclass
class Result:
    brains: list
    hits: dict  # rid -> Hit
    concepts: list
    all_words: int = 0  # how many results have every word

    @property
    def loose(self) -> bool:
        """Results, but none with every word of the query."""
        return bool(self.brains) and not self.all_words and len(self.concepts) > 1

    def suggestion(self) -> str | None:
        """The query with unknown words replaced by their nearest known words."""
        changed = False
        words = []
        for concept in self.concepts:
            if concept.corrections and not concept.known:
                words.append(self.surface(concept.corrections[0]))
                changed = True
            else:
                words.append(concept.word)
        return " ".join(words) if changed else None

    def surface(self, term: str) -> str:
        """A word of a result's title or description whose term is ``term``."""
        for brain in self.brains[:20]:
            for text in (brain.Title, brain.Description):
                for word in WORD.findall(text or ""):
                    if norwegian.term(word) == term:
                        return word.lower()
        return term


def words_of(text: str) -> list[str]:
    """The query words: stop words out unless nothing else is left, no repeats."""
    if not isinstance(text, str):
        return []
    words = WORD.findall(text)
    kept = [w for w in words if not norwegian.is_stop_word(norwegian.fold(w))] or words
    unique = {}
    for word in kept:
        unique.setdefault(norwegian.term(word), word)
    return list(unique.values())[:MAX_WORDS]


class Engine:
    """Ranked search over one catalog's text indexes."""

    def __init__(self, catalog):
        self.catalog = catalog
        indexes = catalog._catalog.indexes
        self.fields = []
        for name, weight in FIELDS:
            index = indexes.get(name)
            okapi = (
                getattr(aq_base(index), "index", None) if index is not None else None
            )
            if okapi is not None and hasattr(okapi, "_search_wids"):
                self.fields.append((weight, okapi))
        text_index = catalog._catalog.getIndex("SearchableText")
        self.lexicon = text_index.getLexicon()
        self.body = aq_base(text_index).index
        self._inner = {}
        self._longer = {}

    # -- query --------------------------------------------------------------

    def wid(self, term: str) -> int:
        return self.lexicon._wids.get(term, 0)

    def analyze(self, text: str) -> list[Concept]:
        concepts = []
        for word in words_of(text):
            term = norwegian.term(word)
            concept = Concept(word=word, term=term, known=bool(self.wid(term)))
            restem = norwegian.stem(term)
            if restem != term and self.wid(restem):
                concept.restem = restem
            concept.variants = self.variants(word, term)
            parts = norwegian.query_parts(word)
            if not concept.known and not any(self.wid(p) for p in parts):
                parts = self.split(norwegian.fold(word)) or parts
            concept.parts = tuple(p for p in parts if p != term)
            shortest = MIN_PREFIX if concept.known else MIN_UNKNOWN_PREFIX
            if len(term) >= shortest and term.isalpha():
                concept.expansions = self.prefixed(term)
            concept.compounds = tuple(
                t for t in self.compounds(term) if t not in concept.expansions
            )
            if not (concept.known or concept.variants or concept.expansions):
                concept.corrections = self.nearest(term)
            concept.weight = self.rarity(concept)
            concepts.append(concept)
        return concepts

    def variants(self, word: str, term: str) -> tuple:
        """Known terms of the word's other written forms (nynorsk/bokmål)."""
        found = []
        for other in norwegian.spelling_variants(norwegian.fold(word)):
            other_term = norwegian.term(other)
            if other_term != term and self.wid(other_term):
                found.append(other_term)
        return tuple(dict.fromkeys(found))

    def compounds(self, term: str) -> tuple:
        """Lexicon terms made of ``term`` and a known word (les-e-trening).

        The index splits compounds against the domain word list only; this
        finds the ones whose first part the query word is, for any known rest.
        """
        if len(term) < 3 or not term.isalpha():
            return ()
        found = []
        for key in self.lexicon._wids.keys(term):
            if not key.startswith(term):
                break
            rest = key[len(term) :]
            for linker in ("", "s", "e"):
                tail = rest[len(linker) :]
                if rest.startswith(linker) and len(tail) >= 4 and self.wid(tail):
                    found.append(key)
                    break
            if len(found) >= MAX_EXPANSIONS:
                break
        return tuple(found)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term in the full text (0: unknown)."""
        wid = self.wid(term)
        info = self.body._wordinfo.get(wid) if wid else None
        if not info:
            return 0.0
        return math.log(1.0 + len(self.body._docweight) / len(info))

    def rarity(self, concept: Concept) -> float:
        """The concept's weight in a hit's share: the IDF of its best term."""
        terms = (
            concept.term,
            concept.restem,
            *concept.variants,
            *concept.corrections,
        )
        best = max((self.idf(t) for t in terms if t), default=0.0)
        if not best and concept.parts:
            best = max(self.idf(p) for p in concept.parts)
        if not best:
            best = max((self.idf(t) for t in concept.expansions), default=0.0)
        return best or 1.0

    def prefixed(self, term: str) -> tuple:
        found = []
        for key in self.lexicon._wids.keys(term):
            if not key.startswith(term):
                break
            if key != term:
                found.append(key)
                if len(found) >= MAX_EXPANSIONS:
                    break
        return tuple(found)

    def split(self, word: str) -> tuple:
        """Two known terms the word is made of (with a linking s or e), if any;
        none for a longer "word" (a hash, a URL: each cut would be a term)."""
        best = ()
        if len(word) > norwegian.MAX_WORD:
            return best
        for cut in range(3, len(word) - 2):
            head = norwegian.term(word[:cut])
            for linker in ("", "s", "e"):
                if linker and not word.startswith(linker, cut):
                    continue
                tail_word = word[cut + len(linker) :]
                if len(tail_word) < 3:
                    continue
                tail = norwegian.term(tail_word)
                if self.wid(head) and self.wid(tail):
                    candidate = (head, tail)
                    if not best or min(cut, len(tail_word)) > min(map(len, best)):
                        best = candidate
        return best

    def nearest(self, term: str) -> tuple:
        if len(term) < 4 or not term.isalpha():
            return ()
        candidates = []
        for key in self.lexicon._wids.keys(term[0]):
            if not key.startswith(term[0]):
                break
            if abs(len(key) - len(term)) <= 2 and key.isalpha():
                candidates.append(key)
        return tuple(
            difflib.get_close_matches(term, candidates, n=2, cutoff=FUZZY_CUTOFF)
        )

    # -- scoring ------------------------------------------------------------

    def field_scores(self, terms: dict, whole: list | None = None) -> list[dict]:
        """Per field: rid -> best weighted BM25 over ``terms`` (term -> weight).

        A term a document holds only as a part of a longer word (start in
        skolestart, barn in barnevernstjenesten) counts ``INNER_WEIGHT``.
        """
        result = []
        for number, (weight, okapi) in enumerate(self.fields):
            best = {}
            for term, factor in terms.items():
                wid = self.wid(term)
                if not wid or wid not in okapi._wordinfo:
                    continue
                inner = self.inner(term, wid, okapi)
                for bucket, _one in okapi._search_wids([wid]):
                    for rid, score in bucket.items():
                        value = score * factor * weight
                        if rid in inner:
                            value *= INNER_WEIGHT
                        elif whole is not None and factor >= 1.0:
                            whole[number].add(rid)
                        if value > best.get(rid, 0):
                            best[rid] = value
            result.append(best)
        return result

    def inner(self, term: str, wid: int, okapi) -> set:
        """Documents that hold ``term`` once, inside a longer word they hold.

        The index adds the parts of a compound as words of their own, once per
        document and only when the document does not have the word itself:
        a term found once in a document that also has a longer lexicon word
        containing it is (almost always) only such a part.
        """
        key = (term, id(okapi))
        if key in self._inner:
            return self._inner[key]
        once = {d for d, f in okapi._wordinfo[wid].items() if f == 1}
        found = set()
        if once and len(term) >= 3:
            for other in self.longer(term):
                info = okapi._wordinfo.get(self.wid(other))
                if info:
                    found.update(d for d in info if d in once)
        self._inner[key] = found
        return found

    def longer(self, term: str) -> list:
        """Lexicon words that are ``term`` joined to another known word."""
        if term not in self._longer:
            self._longer[term] = [
                key
                for key in self.lexicon._wids
                if term in key and key != term and self.joined(term, key)
            ]
        return self._longer[term]

    def joined(self, term: str, key: str) -> bool:
        """``key`` is ``term`` and a known word (with a linking s or e)."""
        if key.startswith(term):
            rest = key[len(term) :]
            for linker in ("", "s", "e"):
                if rest.startswith(linker) and self.known(rest[len(linker) :]):
                    return True
        if key.endswith(term):
            head = key[: -len(term)]
            for linker in ("", "s", "e"):
                if head.endswith(linker or "") and self.known(
                    head[: len(head) - len(linker)]
                ):
                    return True
        return False

    def known(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word.isalpha()
            and bool(self.wid(word) or self.wid(norwegian.term(word)))
        )

    def total(self, terms: dict, titles: set | None = None, whole=None) -> dict:
        """rid -> BM25 of ``terms`` added up over the weighted fields.

        ``titles``, if given, gets the rids with a term of full weight as a
        word of its own in the title; ``whole`` the same in any field.
        """
        total = {}
        by_field = [set() for _field in self.fields]
        for scores in self.field_scores(terms, by_field):
            for rid, value in scores.items():
                total[rid] = total.get(rid, 0) + value
        if titles is not None and by_field:
            titles.update(by_field[0])
        if whole is not None:
            whole.update(*by_field)
        return total

    def concept_scores(self, concept: Concept) -> tuple[dict, dict, dict]:
        """rid -> score, rid -> how much of the concept was found (0..1), and
        rid -> how much of it is in the title (0..1)."""
        terms = {concept.term: 1.0}
        if concept.restem:
            terms[concept.restem] = RESTEM_WEIGHT
        terms.update((t, 1.0) for t in concept.variants)
        terms.update((t, PREFIX_WEIGHT) for t in concept.expansions)
        terms.update((t, COMPOUND_WEIGHT) for t in concept.compounds)
        terms.update((t, FUZZY_WEIGHT) for t in concept.corrections)
        in_title = set()
        whole = set()
        main = self.total(terms, in_title, whole)
        inner = INNER_WEIGHT if INNER_SHARE else 1.0
        found = {rid: 1.0 if rid in whole else inner for rid in main}
        title = dict.fromkeys(in_title, 1.0)
        if not concept.parts:
            return main, found, title
        part_titles = [set() for _part in concept.parts]
        part_whole = [set() for _part in concept.parts]
        part_scores = [
            self.total({part: 1.0}, seen, whole)
            for part, seen, whole in zip(
                concept.parts, part_titles, part_whole, strict=True
            )
        ]
        weights = [self.idf(part) or 1.0 for part in concept.parts]
        every = sum(weights)
        for rid in set().union(*part_scores):
            present = [s[rid] for s in part_scores if rid in s]
            main[rid] = max(
                main.get(rid, 0), PART_WEIGHT * sum(present) / len(concept.parts)
            )
            # All parts count as the word; some of them (the rarer, the more)
            # as part of it.
            share = sum(
                w if rid in whole or not INNER_SHARE else w * INNER_WEIGHT
                for w, s, whole in zip(weights, part_scores, part_whole, strict=True)
                if rid in s
            )
            partial = 1.0 if share >= every else PARTIAL_SHARE * share / every
            found[rid] = max(found.get(rid, 0), partial)
            share = sum(
                w for w, t in zip(weights, part_titles, strict=True) if rid in t
            )
            title[rid] = max(title.get(rid, 0), share / every)
        return main, found, title

    def score(self, concepts: list[Concept]) -> dict:
        hits = {}
        for concept in concepts:
            main, found, title = self.concept_scores(concept)
            for rid, value in main.items():
                hit = hits.get(rid)
                if hit is None:
                    hit = hits[rid] = Hit(rid)
                hit.score += value
                hit.coverage += found.get(rid, 0)
                hit.share += concept.weight * found.get(rid, 0)
                hit.title += concept.weight * title.get(rid, 0)
                hit.matched.append(concept.word)
        total = sum(c.weight for c in concepts) or 1.0
        for hit in hits.values():
            hit.share /= total
            hit.title /= total
        return hits

    # -- search -------------------------------------------------------------

    def uids(self, rids) -> list[str]:
        index = aq_base(self.catalog._catalog.getIndex("UID"))
        return [uid for uid in (index._unindex.get(rid) for rid in rids) if uid]

    def search(self, text: str, query: dict | None = None) -> Result:
        """Ranked brains for ``text`` among what ``query`` (catalog filters) allows."""
        processQueue()  # what this request changed is indexed before it is read
        concepts = self.analyze(text)
        hits = self.score(concepts) if concepts else {}
        if not hits:
            return Result([], {}, concepts)
        query = dict(query or {})
        for key in ("SearchableText", "sort_on", "sort_order", "b_start", "b_size"):
            query.pop(key, None)
        query["UID"] = self.uids(hits)
        brains = [b for b in self.catalog(**query) if not bare_id(b)]
        wanted = len(concepts)
        language = site_language()

        def key(brain):
            hit = hits[brain.getRID()]
            weight = TYPE_WEIGHT.get(brain.portal_type, 1.0)
            if language and page_language(brain) not in ("", language):
                weight *= OTHER_LANGUAGE
            if SOFT_POWER:
                share = hit.share if WEIGHTED_SHARE else hit.coverage / wanted
                bonus = 1.0 + TITLE_BONUS * hit.title
                return (hit.score * weight * share**SOFT_POWER * bonus,)
            return (hit.coverage >= wanted, hit.coverage, hit.score * weight)

        brains.sort(key=key, reverse=True)
        complete = sum(1 for b in brains if hits[b.getRID()].coverage >= wanted)
        return Result(brains, hits, concepts, complete)


def site_language() -> str:
    """The site's written language, without a region: "nb", "nn"."""
    return (api.portal.get_default_language() or "").split("-")[0].lower()


def page_language(brain) -> str:
    """The language of a family page (the only guide type written in several)."""
    if brain.portal_type != "FamilyPage":
        return ""
    return getattr(brain.getObject(), "language", "") or ""


def bare_id(brain) -> bool:
    """A Stafettlogg item whose title is only an id (a consent): never a hit."""
    if brain.portal_type not in LOG_TYPES:
        return False
    title = (brain.Title or "").strip().lower()
    return not title or title == brain.getId or bool(BARE_ID.match(title))


def search(context, text: str, query: dict | None = None) -> Result:
    return Engine(getToolByName(context, "portal_catalog")).search(text, query)
