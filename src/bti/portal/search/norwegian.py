"""Norwegian word handling for the catalog's full text: pure functions.

Two things Plone's lexicon does not know about Norwegian:

- **Variants**: bokmål and nynorsk spell the same word differently
  (skole/skule, tjeneste/teneste, veileder/rettleiar).  ``normalize`` maps
  every variant, and its inflected forms, to one canonical form (the first
  word of its line in ``variants.txt``), at index time and at query time, so
  either spelling finds the other.
- **Compounds**: Norwegian writes compounds as one word (samtykkeskjema).
  ``parts`` splits a word against the domain word list (``words.txt`` plus
  every variant) with the linking letters *s* and *e* allowed between parts
  (undring-s-samtale, barn-e-hage), the last part possibly inflected
  (samtykke-skjemaet).  The index gets the parts as extra words, so
  "samtykke" and "skjema" both find "samtykkeskjema".

Words are compared as Plone's lexicon leaves them: lower case, accents
folded to ASCII (``fold``, the same as Plone's "Unicode Ignoring Accents
Case Normalizer": "møte" is "mote", "åpen" is "apen").

- **Stems**: endings outside the word lists (innhente/innhentes,
  kartlegge/kartlegginga) are cut by the Snowball Norwegian stemmer
  (``stem``), applied after ``normalize`` to every indexed and searched word
  (``index_terms``, ``query_terms``, ``glob_terms``).
- **Stop words** (``STOP_WORDS``, ``stopwords.txt``): bokmål and nynorsk
  function and question words, left out of a query (``is_stop_word``).

Nothing here imports Zope: the pipeline element in ``pipeline.py`` wraps it,
and ``tests/test_search_splitter.py`` tests it as plain Python.
"""

from functools import lru_cache
from pathlib import Path
from unidecode import unidecode

import re
import snowballstemmer
import threading


HERE = Path(__file__).parent

# Inflection endings (nouns, verbs, adjectives; bokmål and nynorsk) that
# ``lemma`` strips to reach a listed word.  "e" is tried back on the stem too:
# tenest-a -> teneste, skol-ene -> skole.
ENDINGS = (
    "ene",
    "ane",
    "ens",
    "ets",
    "ers",
    "ar",
    "er",
    "en",
    "et",
    "ne",
    "as",
    "a",
    "e",
    "n",
    "r",
    "s",
)
LINKERS = ("", "s", "e")
MIN_PART = 3  # shortest part of a compound
MIN_PARTIAL = 5  # shortest known part of a compound whose other part is unknown
MIN_REST = 4  # shortest unknown rest next to a known part
MAX_WORD = 60  # longer "words" (hashes, URLs) are not analysed


def fold(word) -> str:
    """Lower case, accents folded for Latin words (as Plone's lexicon does)."""
    if isinstance(word, bytes):
        word = word.decode("utf-8", "replace")
    if word and 0x41 <= ord(word[0]) <= 0x24F:
        word = unidecode(word)
    return word.lower()


def _lines(name: str):
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield [fold(word) for word in line.split()]


def _load() -> tuple[frozenset, dict]:
    words = set()
    canonical = {}
    for group in _lines("variants.txt"):
        head = group[0]
        for word in group:
            if canonical.get(word, head) != head:
                raise ValueError(
                    f"{word!r} is a variant of both {canonical[word]!r} and {head!r}"
                )
            canonical[word] = head
        words.update(group)
    for word, *_rest in _lines("words.txt"):
        words.add(word)
    return frozenset(words), {k: v for k, v in canonical.items() if k != v}


WORDS, CANONICAL = _load()
STOP_WORDS = frozenset(word for line in _lines("stopwords.txt") for word in line)
MIN_STEM = 4  # shorter words are not stemmed

_stemmer = snowballstemmer.stemmer("norwegian")
_stemmer_lock = threading.Lock()  # a Snowball stemmer keeps state while it works


def canonical(word: str) -> str:
    """The canonical form of a listed word (itself unless it is a variant)."""
    return CANONICAL.get(word, word)


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str | None:
    """The listed word that ``word`` (folded) is an inflected form of, if any.

    A listed word is its own lemma; ``None`` for words not in the list and
    not an ending away from one.
    """
    if word in WORDS:
        return word
    for ending in ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            for candidate in (stem, stem + "e"):
                if len(candidate) >= MIN_PART and candidate in WORDS:
                    return candidate
    return None


@lru_cache(maxsize=50_000)
def split(word: str) -> tuple | None:
    """The best split of a folded word into listed parts, or ``None``.

    Returns ``((part, linker), ..., (last, ""))`` with at least two parts, the
    last one as its lemma: "undringssamtalen" gives
    ``(("undring", "s"), ("samtale", ""))``.  Fewest parts wins, then the
    longest first part.
    """
    if len(word) > MAX_WORD or len(word) < 2 * MIN_PART:
        return None
    best = _split_from(word, 0)
    return best if best is not None and len(best) >= 2 else None


def _split_from(word: str, start: int):
    rest = word[start:]
    found = None
    if len(rest) >= MIN_PART:
        last = lemma(rest)
        if last is not None:
            found = ((last, ""),)
            if start == 0:
                found = None  # the whole word: not a compound by itself
    # Longest first part first; a shorter candidate only wins with fewer parts.
    for end in range(len(word) - MIN_PART, start + MIN_PART - 1, -1):
        part = word[start:end]
        if part not in WORDS:
            continue
        for linker in LINKERS:
            if linker and not word.startswith(linker, end):
                continue
            tail = _split_from(word, end + len(linker))
            if tail is None:
                continue
            candidate = ((part, linker), *tail)
            if found is None or len(candidate) < len(found):
                found = candidate
    return found


@lru_cache(maxsize=50_000)
def partial(word: str) -> tuple:
    """Known parts of a compound that does not split fully.

    The longest listed head (samtykke-blankett) and the longest listed or
    inflected tail (kartleggings-skjemaet) when the unknown rest is long
    enough to be a word of its own.
    """
    found = []
    for end in range(len(word) - MIN_REST, MIN_PARTIAL - 1, -1):
        head = word[:end]
        if head in WORDS:
            found.append(head)
            break
    for start in range(MIN_PART, len(word) - MIN_PARTIAL + 1):
        tail = lemma(word[start:])
        if tail is not None and len(tail) >= MIN_PARTIAL:
            found.append(tail)
            break
    return tuple(found)


@lru_cache(maxsize=50_000)
def normalize(word: str) -> str:
    """The one form a word is indexed and searched as (``word`` folded).

    - a variant: its canonical form (skule -> skole);
    - an inflected listed word: the canonical lemma (tenesta -> tjeneste);
    - a compound of listed words: canonical parts joined with their linkers,
      the last one as lemma (skuleskyssen -> skoleskyss);
    - anything else: unchanged.

    Idempotent: ``normalize(normalize(w)) == normalize(w)``.
    """
    word = fold(word)
    if len(word) < MIN_PART:
        return word
    base = lemma(word)
    if base is not None:
        return canonical(base)
    parts = split(word)
    if parts is not None:
        return "".join(canonical(part) + linker for part, linker in parts)
    return word


@lru_cache(maxsize=50_000)
def extras(word: str) -> tuple:
    """Words indexed next to a word, besides ``normalize(word)``.

    The folded original when normalizing changed it (so a prefix search on
    the spelling in the text still matches), and the canonical parts of a
    compound, parts of parts included (helsestasjonsvaksine: helsestasjon,
    helse, stasjon, vaksine).
    """
    word = fold(word)
    if len(word) < MIN_PART or len(word) > MAX_WORD:
        return ()
    found = []
    main = normalize(word)
    if main != word:
        found.append(word)
    _add_parts(word, found, depth=0)
    base = lemma(word)
    if base is not None and base != word:
        _add_parts(base, found, depth=0)
    return tuple(dict.fromkeys(w for w in found if w != main))


def _add_parts(word: str, found: list, depth: int) -> None:
    if depth > 3:
        return
    parts = split(word)
    if parts is not None:
        names = [part for part, _linker in parts]
    elif word in WORDS or lemma(word) is not None:
        return
    else:
        names = list(partial(word))
    for name in names:
        found.append(canonical(name))
        if name != canonical(name):
            found.append(name)
        _add_parts(name, found, depth + 1)


def index_words(words) -> list:
    """Index time: every word normalized, in order, then the extras.

    The extras come after the text, not between its words, so a phrase
    search ("samtykkeskjema for foreldre") still finds the words in a row.
    """
    main = []
    more = {}
    for word in words:
        main.append(normalize(word))
        for extra in extras(word):
            more[extra] = None
    return main + list(more)


def query_words(words) -> list:
    """Query time: every word normalized; no extras (a term stays one term)."""
    return [normalize(word) for word in words]


def query_globs(words) -> list:
    """Query time with globbing: "skule*" searches "skole*".

    Plone's search form adds ``*`` to every term.  A trailing ``*`` is kept
    and the stem before it normalized; patterns with ``?`` or an inner ``*``
    are only folded.
    """
    result = []
    for word in words:
        if "*" not in word and "?" not in word:
            result.append(normalize(word))
            continue
        stem = word.rstrip("*")
        if stem and "*" not in stem and "?" not in stem:
            result.append(normalize(stem) + "*")
        else:
            result.append(fold(word))
    return result


def is_stop_word(word: str) -> bool:
    """A bokmål or nynorsk function word (``word`` folded)."""
    return word in STOP_WORDS


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of a folded word; numbers and short words kept."""
    if len(word) < MIN_STEM or not word.isalpha():
        return word
    with _stemmer_lock:
        return _stemmer.stemWord(word)


@lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """The one term a word is indexed and searched as: normalized, then stemmed."""
    return stem(normalize(word))


def index_terms(words) -> list:
    """Index time: ``index_words`` with every word stemmed (no repeated extras)."""
    main = [term(word) for word in words]
    seen = set(main)
    more = []
    for word in words:
        for extra in extras(word):
            extra = stem(extra)
            if extra not in seen:
                seen.add(extra)
                more.append(extra)
    return main + more


def query_terms(words) -> list:
    """Query time: every word as its term; no extras (a term stays one term)."""
    return [term(word) for word in words]


def glob_terms(words) -> list:
    """Query time with globbing: "skule*" searches "skol*" (the term of skole)."""
    result = []
    for word in words:
        if "*" not in word and "?" not in word:
            result.append(term(word))
            continue
        head = word.rstrip("*")
        if head and "*" not in head and "?" not in head:
            result.append(term(head) + "*")
        else:
            result.append(fold(word))
    return result


# Regular spelling differences between nynorsk and bokmål that no word list
# needs to hold: kj/gj before a front vowel (samtykkje/samtykke,
# trekkjer/trekker, følgje/følge, byggje/bygge).  Both ways; the engine keeps
# only forms the site has.
SPELLING_RULES = (
    (re.compile(r"(?<=kk)j(?=[eiy])"), ""),
    (re.compile(r"(?<=[^s\W]k)j(?=e)"), ""),
    (re.compile(r"(?<=[glnr]g)j(?=e)"), ""),
    (re.compile(r"(?<=kk)(?=e)"), "j"),
    (re.compile(r"(?<=[glnr]g)(?=e)"), "j"),
)


@lru_cache(maxsize=50_000)
def spelling_variants(word: str) -> tuple:
    """Other written forms of a folded word by the rules above (itself excluded)."""
    found = []
    for pattern, replacement in SPELLING_RULES:
        other = pattern.sub(replacement, word)
        if other != word and other not in found:
            found.append(other)
    return tuple(found)


def query_parts(word: str) -> tuple:
    """The terms of a query word's compound parts (as indexed next to it)."""
    folded = fold(word)
    return tuple(dict.fromkeys(stem(e) for e in extras(word) if e != folded))
