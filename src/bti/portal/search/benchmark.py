"""The staff search measured on a demo site: the product and its baselines.

Used by ``bench/bench_search.py`` (``make bench-search``) and the floor test
``tests/test_search_quality.py``.  The product is ``@@guide-search`` asked
by a staff user; the baselines (``evaluation.BM25``) rank the same documents:
every guide page that user may see, with its full text as indexed.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.search.engine import GUIDE_TYPES
from bti.portal.search.evaluation import BM25
from plone.indexer.interfaces import IIndexer
from zope.component import queryMultiAdapter
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.interface import alsoProvides

import time


STAFF_USER = "ansatt"
SYSTEMS = ("product", "BM25 plain", "BM25 + snowball")


def site_documents(site) -> dict:
    """Path inside the site -> full text, for every guide page the user may see."""
    catalog = site.portal_catalog
    prefix = "/".join(site.getPhysicalPath()) + "/"
    docs = {}
    for brain in catalog(portal_type=list(GUIDE_TYPES), path=prefix[:-1]):
        obj = brain.getObject()
        indexer = queryMultiAdapter((obj, catalog), IIndexer, name="SearchableText")
        docs[brain.getPath()[len(prefix) :]] = indexer() if indexer is not None else ""
    return docs


def product_ranking(site, request, text: str) -> list[str]:
    """The paths ``@@guide-search`` shows for ``text``, in order."""
    request.form.clear()
    request.form["SearchableText"] = text
    view = site.restrictedTraverse("@@guide-search")
    view.update()
    prefix = "/".join(site.getPhysicalPath()) + "/"
    return [brain.getPath()[len(prefix) :] for brain in view._results]


def rankings(app, request, questions) -> tuple[dict, dict]:
    """System -> question id -> ranked paths; and facts (documents, seconds)."""
    alsoProvides(request, IBTIPortalLayer)
    found = {name: {} for name in SYSTEMS}
    facts = {"documents": {}, "seconds": 0.0}
    old_site = getSite()
    old_manager = getSecurityManager()
    try:
        for site_id in sorted({q.site for q in questions}):
            site = app[site_id]
            setSite(site)
            user = site.acl_users.getUserById(STAFF_USER)
            newSecurityManager(request, user.__of__(site.acl_users))
            docs = site_documents(site)
            facts["documents"][site_id] = len(docs)
            plain = BM25(docs)
            stemmed = BM25(docs, stem=True)
            for question in (q for q in questions if q.site == site_id):
                start = time.perf_counter()
                found["product"][question.id] = product_ranking(
                    site, request, question.text
                )
                facts["seconds"] += time.perf_counter() - start
                found["BM25 plain"][question.id] = plain.rank(question.text)
                found["BM25 + snowball"][question.id] = stemmed.rank(question.text)
    finally:
        setSecurityManager(old_manager)
        setSite(old_site)
        request.form.clear()
    return found, facts
