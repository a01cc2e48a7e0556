"""Staff search quality: the product against BM25 baselines, in one run.

Run: make bench-search  (or .venv/bin/python bench/bench_search.py [-v])

Builds the three demo sites (as the test layers do), asks every question of
bench/search_questions.json through ``@@guide-search`` as the demo staff user
``ansatt``, and ranks the same documents (every guide page that user may see,
their full text as indexed) offline with plain BM25 and BM25 + the Snowball
Norwegian stemmer (bti.portal.search.benchmark).  Prints success@5, first hit
right, MRR and questions left with nothing for each; ``-v`` lists the
questions each one misses.
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


def run(app, questions, verbose=False, out=print) -> dict:
    from bti.portal.search.benchmark import rankings
    from bti.portal.search.evaluation import evaluate
    from bti.portal.search.evaluation import misses
    from zope.globalrequest import setRequest

    request = app.REQUEST
    setRequest(request)
    found, facts = rankings(app, request, questions)
    for site_id, count in facts["documents"].items():
        out(f"{site_id}: {count} documents")
    out(f"questions: {len(questions)} (bench/search_questions.json)")
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
    return found


def main(argv) -> None:
    from bti.portal.search.evaluation import load_questions
    from plone.testing import zope

    fixture = set_up()
    try:
        with zope.zopeApp(fixture["zodbDB"]) as app:
            run(app, load_questions(), verbose="-v" in argv)
    finally:
        tear_down(fixture)


if __name__ == "__main__":
    main(sys.argv[1:])
