"""The demo of a shared baseline guide (content/baseline_site.json), made only
when asked (BTI_BASELINE_DEMO=1 make start): a county's baseline site with
the guide alone, which byn and inderoy follow; byn has changed one page, and
the baseline has since changed two pages and added a tool, so both sites'
editors find changes waiting under "Changes in the baseline guide"."""

from bti.portal.baseline.actions import sync
from bti.portal.baseline.pages import snapshot
from bti.portal.baseline.pages import write
from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.demo import add_demo_guide
from bti.portal.distributions.demo import add_demo_users
from bti.portal.distributions.demo import read_json
from bti.portal.settings import get_settings
from plone import api
from plone.distribution.api import site as site_api
from Products.CMFCore.indexing import processQueue
from zope.component.hooks import site as site_hook
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import transaction


DISTRIBUTION = "bti"


def baseline_spec() -> dict:
    return read_json("baseline_site.json")


def create_baseline_demo(app) -> str | None:
    """Make the baseline site and let the followers follow it; its id, or
    None when it exists already."""
    spec = baseline_spec()
    site_id = spec["answers"]["site_id"]
    if site_id in app.objectIds():
        return None
    baseline = site_api.create(app, DISTRIBUTION, spec["answers"])
    try:
        follow(app, baseline, spec)
    except Exception:
        # Site creation commits: take a half-made baseline away again.
        transaction.abort()
        app.manage_delObjects([site_id])
        transaction.commit()
        raise
    return site_id


def follow(app, baseline, spec: dict) -> None:
    """The baseline's guide, the followers following it, the demo changes."""
    site_id = baseline.getId()
    with site_hook(baseline):
        # The demo users too: the baseline's routines name them, and
        # redaktor edits the baseline as on every demo site.
        add_demo_users(baseline)
        get_settings().demo_content = True
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_demo_guide(baseline, spec["language"])
        processQueue()
    transaction.commit()
    followers = [app[s] for s in spec["followers"] if s in app.objectIds()]
    for follower in followers:
        with site_hook(follower):
            api.portal.set_registry_record("bti.portal.baseline_site", site_id)
            sync(follower)
            for edit in spec["local_edits"].get(follower.getId(), []):
                append(follower, edit)
            processQueue()
    with site_hook(baseline):
        for edit in spec["upstream_edits"]:
            append(baseline, edit)
        for new in spec["upstream_new"]:
            create_tree(baseline.unrestrictedTraverse(new["parent"]), [new["item"]])
        processQueue()
    transaction.commit()


def append(site, edit: dict) -> None:
    page = site.unrestrictedTraverse(edit["path"])
    text = snapshot(page)
    write(page, {**text, "text": text["text"] + edit["append"]})
    page.reindexObject()
    notify(ObjectModifiedEvent(page))
