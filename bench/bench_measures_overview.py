"""Measures overview: catalog metadata (what the view does) against waking
every object (the baseline it avoids), on the same site in one run.

Run: make bench  (or .venv/bin/python bench/bench_measures_overview.py [N])
Prints the time per listing for both and their ratio; nothing is asserted.
"""

from statistics import median

import os
import sys
import time


os.environ.setdefault("zope_i18n_compile_mo_files", "true")


def build_site(count: int):
    from bti.portal.testing import BTI_PORTAL_FIXTURE
    from plone.testing import zca
    from plone.testing import zope

    for layer in (zca.LAYER_CLEANUP, zope.STARTUP, BTI_PORTAL_FIXTURE):
        layer.setUp()
    return BTI_PORTAL_FIXTURE


def listing_with_metadata(view):
    return view.measures()


def listing_waking_objects(folder):
    rows = []
    for brain in folder.portal_catalog(
        portal_type="Measure", path="/".join(folder.getPhysicalPath())
    ):
        obj = brain.getObject()
        rows.append((
            obj.title,
            obj.risk_factor,
            obj.target_group,
            obj.age_from,
            obj.age_to,
        ))
    return sorted(rows, key=lambda r: (r[1], r[0]))


def timed(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return median(samples)


def main(count: int = 400, rounds: int = 7) -> None:
    from AccessControl.SecurityManagement import newSecurityManager
    from bti.portal.interfaces import IBTIPortalLayer
    from plone import api
    from plone.app.testing import SITE_OWNER_NAME
    from plone.testing import zope
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest
    from zope.interface import alsoProvides

    fixture = build_site(count)
    with zope.zopeApp() as app:
        portal = app["plone"]
        setSite(portal)
        setRequest(app.REQUEST)
        alsoProvides(app.REQUEST, IBTIPortalLayer)
        newSecurityManager(
            None, app.acl_users.getUser(SITE_OWNER_NAME).__of__(app.acl_users)
        )
        folder = api.content.create(portal, "Folder", id="tiltak", title="Tiltak")
        factors = ["health", "social", "family", "learning", "violence"]
        for number in range(count):
            api.content.create(
                folder,
                "Measure",
                id=f"m{number}",
                title=f"Tiltak {number}",
                risk_factor=factors[number % len(factors)],
                age_from=number % 10,
                age_to=18,
            )
        import transaction

        transaction.commit()
        app._p_jar.cacheMinimize()  # both listings start from a cold object cache
        view = folder.restrictedTraverse("@@measures-overview")

        def cold(function):
            def run():
                app._p_jar.cacheMinimize()
                function()

            return run

        metadata = timed(cold(lambda: listing_with_metadata(view)), rounds)
        waking = timed(cold(lambda: listing_waking_objects(folder)), rounds)
    fixture.tearDown()
    print(f"measures: {count}, rounds: {rounds} (median, cold object cache)")
    print(f"  catalog metadata (the view): {metadata * 1000:8.1f} ms")
    print(f"  waking every object (baseline): {waking * 1000:8.1f} ms")
    print(f"  ratio baseline / view: {waking / metadata:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
