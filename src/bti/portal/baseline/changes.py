"""What changed in the baseline guide since a following site took it, and the
editors' answers: take the baseline's text, or keep the site's own.

A change is one of
- ``new``: a published baseline page the site has no record of (or declined);
- ``changed``: the baseline's text differs from the one last taken or kept;
- ``removed``: a page the site took is no longer published in the baseline.
A followed page whose text differs from the baseline text it took is
``local`` (the site's override); a page added on the site has no record and
is simply the site's own. Reading the changes writes nothing.
"""

from bti.portal.baseline import store
from bti.portal.baseline.errors import BaselineError
from bti.portal.baseline.pages import digest
from bti.portal.baseline.pages import published_pages
from bti.portal.baseline.pages import relative_path
from bti.portal.baseline.pages import site_of
from bti.portal.baseline.pages import snapshot
from bti.portal.settings import get_settings
from dataclasses import dataclass
from dataclasses import field
from plone import api


@dataclass
class Change:
    uid: str  # the baseline page's UID
    kind: str  # new, changed or removed
    path: str  # below the baseline site
    portal_type: str
    then: dict | None  # the baseline text last taken or kept
    now: dict | None  # the baseline text now (None when removed)
    local: object = None  # the site's page, if it has one
    local_text: dict | None = None
    local_edited: bool = False  # the site's text differs from "then"
    extra: dict = field(default_factory=dict)


def baseline_of(site):
    """The site this one follows (BTI settings), or None."""
    site_id = (get_settings().baseline_site or "").strip()
    baseline = site_of(site.getPhysicalRoot(), site_id)
    if baseline is None or baseline.getPhysicalPath() == site.getPhysicalPath():
        return None
    return baseline


def local_page(uid):
    """The site's page with this UID (whatever its state), or None."""
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def pending(site) -> list[Change]:
    """Every change of the baseline the site has not answered, by path."""
    baseline = baseline_of(site)
    if baseline is None:
        raise BaselineError("baseline_none")
    seen = store.records(site)
    found = []
    pages = published_pages(baseline)
    for uid, page in pages.items():
        record = seen.get(uid)
        now = snapshot(page)
        if record is not None and record["digest"] == digest(now):
            continue
        path = relative_path(page, baseline)
        found.append(change(uid, record, path, page.portal_type, now))
    for uid, record in seen.items():
        if uid not in pages and record["local"] is not None:
            found.append(change(uid, record, record["path"], None, None))
    return sorted(found, key=lambda item: item.path)


def change(uid, record, path, portal_type, now) -> Change:
    local = local_page(record["local"]) if record else None
    if record is None or (record["local"] is None and now is not None):
        kind = "new"
    elif now is None:
        kind = "removed"
    else:
        kind = "changed"
    then = dict(record["taken"]) if record else None
    local_text = snapshot(local) if local is not None else None
    return Change(
        uid=uid,
        kind=kind,
        path=path,
        portal_type=portal_type or record["portal_type"],
        then=then,
        now=now,
        local=local,
        local_text=local_text,
        local_edited=bool(then and local_text and digest(local_text) != digest(then)),
    )


def find(site, uid: str) -> Change:
    for item in pending(site):
        if item.uid == uid:
            return item
    raise BaselineError("baseline_unknown_page")


def local_overrides(site) -> int:
    """How many followed pages the site has changed from the baseline text."""
    count = 0
    for record in store.records(site).values():
        page = local_page(record["local"])
        if page is not None and digest(snapshot(page)) != record["digest"]:
            count += 1
    return count
