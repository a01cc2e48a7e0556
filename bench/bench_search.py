"""Staff search quality: the product against BM25 baselines, in one run.

Run: make bench-search  (or .venv/bin/python bench/bench_search.py [-v])

Builds the three demo sites (as the test layers do), asks every question
through ``@@guide-search`` as the demo staff user ``ansatt``, and ranks the
same documents (every guide page that user may see, their full text as
indexed) offline with plain BM25 and BM25 + the Snowball Norwegian stemmer
(bti.portal.search.benchmark).  Two question sets, measured separately in the
same run:

- bench/search_questions.json: the development set, written with the engine
  (the engine was tuned on it);
- bench/search_questions_holdout.json: an independent set written by someone
  else from the demo content only, never used for tuning.

Prints success@5, first hit right, MRR and questions left with nothing for
each; ``-v`` lists the questions each one misses (and the product's wrong
first hits).
"""

import os
import sys


os.environ.setdefault("zope_i18n_compile_mo_files", "true")


def layers(fixture) -> list:
    ordered = []

    def add(layer):
        for base in layer.__bases__:
            add(base)
        if layer not in ordered:
            ordered.append(layer)

    add(fixture)
    return ordered


def set_up():
    from bti.portal.testing import DEMO_SITES_FIXTURE

    for layer in layers(DEMO_SITES_FIXTURE):
        layer.setUp()
    return DEMO_SITES_FIXTURE


def tear_down(fixture) -> None:
    for layer in reversed(layers(fixture)):
        layer.tearDown()


def run(app, questions, verbose=False, out=print, label="") -> dict:
    from bti.portal.search.benchmark import rankings
    from bti.portal.search.evaluation import evaluate
    from bti.portal.search.evaluation import misses
    from zope.globalrequest import setRequest

    request = app.REQUEST
    setRequest(request)
    found, facts = rankings(app, request, questions)
    documents = ", ".join(f"{k} {v}" for k, v in facts["documents"].items())
    out(f"{label}: {len(questions)} questions; documents: {documents}")
    for name, ranked in found.items():
        out(evaluate(questions, ranked).line(name))
    per_question = facts["seconds"] / max(len(questions), 1) * 1000
    out(
        f"product: {per_question:.1f} ms per question (@@guide-search, facets included)"
    )
    if verbose:
        for name, ranked in found.items():
            for question, top in misses(questions, ranked):
                out(f"  miss {name}: {question.id} {question.text!r} -> {top}")
        for question in questions:
            top = found["product"].get(question.id) or []
            if top and not question.is_relevant(top[0]):
                out(f"  first hit wrong: {question.id} {question.text!r} -> {top[:3]}")
    return found


def main(argv) -> None:
    from bti.portal.search.evaluation import HOLDOUT
    from bti.portal.search.evaluation import load_questions
    from bti.portal.search.evaluation import QUESTIONS
    from plone.testing import zope

    sets = [("development set (bench/search_questions.json)", QUESTIONS)]
    if HOLDOUT.exists():
        sets.append(("holdout set (bench/search_questions_holdout.json)", HOLDOUT))
    fixture = set_up()
    try:
        with zope.zopeApp(fixture["zodbDB"]) as app:
            for label, path in sets:
                run(app, load_questions(path), verbose="-v" in argv, label=label)
                print()
    finally:
        tear_down(fixture)


if __name__ == "__main__":
    main(sys.argv[1:])
