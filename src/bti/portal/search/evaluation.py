"""Measuring the staff search: questions with judgements, baselines, metrics.

Pure Python (no Zope): ``bench/bench_search.py`` and
``tests/test_search_quality.py`` feed it the documents of a demo site and the
product's rankings.  The baselines are textbook BM25 (Okapi, k1 1.2, b 0.75)
over the same documents' full text with an OR query: ``plain`` on lower-case
words, ``snowball`` with every word cut by the Snowball Norwegian stemmer.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import json
import math
import re
import snowballstemmer


WORD = re.compile(r"\w+", re.UNICODE)
BENCH = Path(__file__).parents[4] / "bench"
QUESTIONS = BENCH / "search_questions.json"  # the development set (tuned on)
HOLDOUT = BENCH / "search_questions_holdout.json"  # independent, never tuned on
CUTOFF = 5


@dataclass(frozen=True)
class Question:
    id: str
    site: str
    text: str
    relevant: tuple  # paths inside the site, any one of them is a right answer
    # A listed path matching this pattern also stands for its direct children
    # (the holdout lists a level page where the answer is one of its steps).
    children_of: str = ""

    def is_relevant(self, path: str) -> bool:
        if path in self.relevant:
            return True
        if not self.children_of or "/" not in path:
            return False
        parent = path.rsplit("/", 1)[0]
        return parent in self.relevant and bool(re.search(self.children_of, parent))


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    children_of = data.get("relevant_children_of", "")
    return [
        Question(q["id"], q["site"], q["question"], tuple(q["relevant"]), children_of)
        for q in data["questions"]
    ]


class BM25:
    """Okapi BM25 over ``docs`` ({key: text}), OR query, ranked by the sum."""

    K1 = 1.2
    B = 0.75

    def __init__(self, docs: dict, stem: bool = False):
        self.stemmer = snowballstemmer.stemmer("norwegian") if stem else None
        self.tf = {key: Counter(self.tokens(text)) for key, text in docs.items()}
        self.length = {key: sum(tf.values()) for key, tf in self.tf.items()}
        self.mean = sum(self.length.values()) / max(len(self.tf), 1)
        df = Counter()
        for tf in self.tf.values():
            df.update(tf.keys())
        n = len(self.tf)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def tokens(self, text: str) -> list[str]:
        words = [w.lower() for w in WORD.findall(text or "")]
        return self.stemmer.stemWords(words) if self.stemmer else words

    def rank(self, query: str) -> list:
        terms = set(self.tokens(query))
        scores = {}
        for key, tf in self.tf.items():
            norm = self.K1 * (1 - self.B + self.B * self.length[key] / self.mean)
            score = sum(
                self.idf[t] * tf[t] * (self.K1 + 1) / (tf[t] + norm)
                for t in terms
                if t in tf
            )
            if score > 0:
                scores[key] = score
        return sorted(scores, key=lambda k: -scores[k])


@dataclass
class Scores:
    success: float  # a relevant hit in the top CUTOFF
    first: float  # the first hit relevant
    mrr: float  # mean reciprocal rank of the first relevant hit
    empty: int  # questions with no hit at all
    count: int

    def line(self, name: str) -> str:
        return (
            f"{name:<22} success@{CUTOFF} {self.success:6.1%}"
            f"  first hit {self.first:6.1%}"
            f"  MRR {self.mrr:.3f}  empty {self.empty}"
        )


def evaluate(questions: list[Question], rankings: dict) -> Scores:
    """``rankings``: question id -> ranked list of paths."""
    success = first = rr = 0.0
    empty = 0
    for question in questions:
        ranked = rankings.get(question.id) or []
        if not ranked:
            empty += 1
        rank = next(
            (i for i, path in enumerate(ranked, 1) if question.is_relevant(path)),
            None,
        )
        if rank is not None:
            rr += 1 / rank
            success += rank <= CUTOFF
            first += rank == 1
    n = max(len(questions), 1)
    return Scores(success / n, first / n, rr / n, empty, len(questions))


def misses(questions: list[Question], rankings: dict) -> list[tuple]:
    """Questions without a relevant hit in the top CUTOFF: (question, top three)."""
    found = []
    for question in questions:
        ranked = rankings.get(question.id) or []
        if not any(question.is_relevant(path) for path in ranked[:CUTOFF]):
            found.append((question, ranked[:3]))
    return found
