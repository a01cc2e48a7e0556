"""The one search engine of the portal: ranked BM25 over the catalog's text indexes.

Behind the header search box (``@@search``, ``@@ajax-search``), the
``@@guide-search`` page and REST ``@search``.  It keeps no index of its own:
the catalog's ZCTextIndexes (``Title``, ``Description``, ``SearchableText``,
all Okapi BM25 over ``plone_lexicon`` with the Norwegian pipeline element) are
read term by term, so nothing is written and no object is woken.

- **Query**: the words of the text, stop words left out (``norwegian``), each
  a *concept* searched as its term (normalized, stemmed), its compound parts,
  the longer words it is a prefix of and, for a word the site does not know,
  its nearest words in the lexicon (typo tolerance, shown as "did you mean").
- **OR, all words first**: every page with at least one concept is a hit;
  pages with every concept come first, then pages with most of them.
- **Fields**: BM25 of each index weighted (title above description above
  body) and added up; folders and the site root weigh less than pages.
- **Security and filters**: the candidates go through ``portal_catalog``
  (``UID`` plus the caller's filters), which adds the user's roles and the
  effective/expires range: nothing the user may not view is ever a hit.
"""

from Acquisition import aq_base
from bti.portal.content.ids import RANDOM_ID_TYPES
from bti.portal.search import norwegian
from dataclasses import dataclass
from dataclasses import field
from Products.CMFCore.indexing import processQueue
from Products.CMFCore.utils import getToolByName

import difflib
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
MIN_PREFIX = 5  # shortest term expanded as a prefix
MAX_EXPANSIONS = 40
MAX_WORDS = 12
# Containers rank below the pages in them when both match.
TYPE_WEIGHT = {"Plone Site": 0.3, "Folder": 0.6, "LogFolder": 0.5, "AnnualWheel": 0.8}

# The action guide: every public guide type (bti.portal.content, forms, family pages).
GUIDE_TYPES = (
    "Guide",
    "GuideLevel",
    "GuideStep",
    "Tool",
    "Routine",
    "Service",
    "Measure",
    "AnnualWheel",
    "AnnualTask",
    "EasyForm",
    "FamilyPage",
)
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


@dataclass
class Hit:
    rid: int
    score: float = 0.0
    coverage: float = 0.0  # concepts matched (a compound found in part counts half)
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
            parts = norwegian.query_parts(word)
            if not concept.known and not any(self.wid(p) for p in parts):
                parts = self.split(norwegian.fold(word)) or parts
            concept.parts = tuple(p for p in parts if p != term)
            if len(term) >= MIN_PREFIX and term.isalpha():
                concept.expansions = self.prefixed(term)
            if not concept.known and not concept.expansions:
                concept.corrections = self.nearest(term)
            concepts.append(concept)
        return concepts

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
        """Two known terms the word is made of (with a linking s or e), if any."""
        best = ()
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

    def field_scores(self, terms: dict) -> list[dict]:
        """Per field: rid -> best weighted BM25 over ``terms`` (term -> weight)."""
        result = []
        for weight, okapi in self.fields:
            best = {}
            for term, factor in terms.items():
                wid = self.wid(term)
                if not wid or wid not in okapi._wordinfo:
                    continue
                for bucket, _one in okapi._search_wids([wid]):
                    for rid, score in bucket.items():
                        value = score * factor * weight
                        if value > best.get(rid, 0):
                            best[rid] = value
            result.append(best)
        return result

    def total(self, terms: dict) -> dict:
        """rid -> BM25 of ``terms`` added up over the weighted fields."""
        total = {}
        for scores in self.field_scores(terms):
            for rid, value in scores.items():
                total[rid] = total.get(rid, 0) + value
        return total

    def concept_scores(self, concept: Concept) -> tuple[dict, dict]:
        """rid -> score, and rid -> how much of the concept was found (0..1)."""
        terms = {concept.term: 1.0}
        if concept.restem:
            terms[concept.restem] = RESTEM_WEIGHT
        terms.update((t, PREFIX_WEIGHT) for t in concept.expansions)
        terms.update((t, FUZZY_WEIGHT) for t in concept.corrections)
        main = self.total(terms)
        found = dict.fromkeys(main, 1.0)
        if not concept.parts:
            return main, found
        part_scores = [self.total({part: 1.0}) for part in concept.parts]
        for rid in set().union(*part_scores):
            present = [s[rid] for s in part_scores if rid in s]
            share = len(present) / len(concept.parts)
            main[rid] = max(
                main.get(rid, 0), PART_WEIGHT * sum(present) / len(concept.parts)
            )
            # All parts count as the word; some of them as part of it.
            found[rid] = max(found.get(rid, 0), 1.0 if share == 1 else share / 2)
        return main, found

    def score(self, concepts: list[Concept]) -> dict:
        hits = {}
        for concept in concepts:
            main, found = self.concept_scores(concept)
            for rid, value in main.items():
                hit = hits.get(rid)
                if hit is None:
                    hit = hits[rid] = Hit(rid)
                hit.score += value
                hit.coverage += found.get(rid, 0)
                hit.matched.append(concept.word)
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

        def key(brain):
            hit = hits[brain.getRID()]
            weight = TYPE_WEIGHT.get(brain.portal_type, 1.0)
            if SOFT_POWER:
                return (hit.score * weight * (hit.coverage / wanted) ** SOFT_POWER,)
            return (hit.coverage >= wanted, hit.coverage, hit.score * weight)

        brains.sort(key=key, reverse=True)
        complete = sum(1 for b in brains if hits[b.getRID()].coverage >= wanted)
        return Result(brains, hits, concepts, complete)


def bare_id(brain) -> bool:
    """A Stafettlogg item whose title is only an id (a consent): never a hit."""
    if brain.portal_type not in LOG_TYPES:
        return False
    title = (brain.Title or "").strip().lower()
    return not title or title == brain.getId or bool(BARE_ID.match(title))


def search(context, text: str, query: dict | None = None) -> Result:
    return Engine(getToolByName(context, "portal_catalog")).search(text, query)
