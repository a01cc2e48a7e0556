"""The editors' answers to a baseline change, and the sync cron runs.

- take: the baseline's text replaces the site's (a new version through
  CMFEditions); a new page is added in its place below the page that
  follows the baseline's parent; a removed page is deleted;
- keep: the site keeps its text and the baseline's text is marked as seen;
  a new page is declined, a removed page stays as the site's own;
- sync: adds every new baseline page the site has not declined, and links
  pages the site already has at the same path (as demo sites made from the
  same content do) without changing their text.
"""

from Acquisition import aq_base
from bti.portal import _
from bti.portal.baseline import store
from bti.portal.baseline.changes import baseline_of
from bti.portal.baseline.changes import Change
from bti.portal.baseline.changes import find
from bti.portal.baseline.changes import local_page
from bti.portal.baseline.changes import pending
from bti.portal.baseline.errors import BaselineError
from bti.portal.baseline.pages import GUIDE_TYPES
from bti.portal.baseline.pages import relative_path
from bti.portal.baseline.pages import write
from plone import api
from plone.dexterity.schema import SCHEMA_CACHE
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


CHANGE_NOTE = "plone.app.versioningbehavior-changeNote"
# Fields a copy never takes: the routine cycle sets them, and people and
# dates of the baseline's own approval mean nothing on another site.
NOT_COPIED = frozenset({
    "version",
    "changed_by",
    "controllers",
    "approved_by",
    "approved_date",
    "revision_owner",
    "next_revision",
})


def answer(site, uid: str, action: str) -> str:
    """Take or keep the pending change of baseline page ``uid``; the new kind
    of state ("taken", "kept")."""
    if action not in ("take", "keep"):
        raise BaselineError("baseline_action")
    item = find(site, uid)
    if action == "take":
        take(site, item)
        return "taken"
    keep(site, item)
    return "kept"


def take(site, item: Change) -> None:
    if item.kind == "removed":
        if item.local is not None:
            api.content.delete(item.local, check_linkintegrity=False)
        store.forget(site, item.uid)
        return
    page = item.local
    if page is None:
        same = page_at(site, item.path)
        if same is not None and same.portal_type == item.portal_type:
            page = same  # the site has this page already: take the text
    if page is None:
        page = add_copy(site, item)
    else:
        refuse_controlled(page)
        write(page, item.now)
        note = api.portal.translate(
            _("baseline_change_note", default="Taken from the baseline guide")
        )
        IAnnotations(page.REQUEST)[CHANGE_NOTE] = note
        page.reindexObject()
        notify(ObjectModifiedEvent(page))
    store.remember(site, item.uid, page.UID(), item.path, item.portal_type, item.now)


def keep(site, item: Change) -> None:
    if item.kind == "removed":
        store.forget(site, item.uid)
        return
    local_uid = item.local.UID() if item.local is not None else None
    store.remember(site, item.uid, local_uid, item.path, item.portal_type, item.now)


def refuse_controlled(page) -> None:
    """A routine past its draft changes only through control and approval."""
    if page.portal_type == "Routine" and api.content.get_state(page) != "draft":
        raise BaselineError("baseline_routine_controlled")


def add_copy(site, item: Change):
    """A copy of a new baseline page below the page following its parent."""
    baseline = baseline_of(site)
    source = baseline.unrestrictedTraverse(item.path)
    container = local_parent(site, baseline, source)
    if container is None:
        raise BaselineError("baseline_parent_missing")
    values = copied_fields(source)
    page = api.content.create(
        container=container,
        type=source.portal_type,
        id=source.getId() if source.getId() not in container else None,
        title=source.title,
        description=source.description,
        **values,
    )
    write(page, item.now)
    page.reindexObject()
    return page


def local_parent(site, baseline, source):
    """The page following the source's parent; for a parent the site does not
    follow (a plain folder such as the tools' folder), the site's folder at
    the same path, made when missing."""
    parent = source.aq_parent
    if parent.getPhysicalPath() == baseline.getPhysicalPath():
        return site
    record = store.records(site).get(parent.UID())
    if record is not None:
        return local_page(record["local"])
    path = relative_path(parent, baseline)
    found = site.unrestrictedTraverse(path, None)
    if found is not None and found.getPhysicalPath() == (
        *site.getPhysicalPath(),
        *path.split("/"),
    ):
        return found
    if parent.portal_type != "Folder":
        return None
    container = local_parent(site, baseline, parent)
    if container is None or parent.getId() in container.objectIds():
        return None
    return api.content.create(
        container=container,
        type="Folder",
        id=parent.getId(),
        title=parent.title,
        description=parent.description,
    )


def copied_fields(source) -> dict:
    """The type's own fields (not Dublin Core, not relations) of ``source``."""
    schema = SCHEMA_CACHE.get(source.portal_type)
    values = {}
    for name in schema.names():
        field = schema[name]
        if name in NOT_COPIED or isinstance(field, (RelationChoice, RelationList)):
            continue
        if hasattr(aq_base(source), name):
            values[name] = getattr(aq_base(source), name)
    return values


def page_at(site, path: str):
    """The site's guide page at exactly ``path`` (nothing acquired), or None."""
    page = site.unrestrictedTraverse(path, None)
    wanted = (*site.getPhysicalPath(), *path.split("/"))
    if page is None or page.getPhysicalPath() != wanted:
        return None
    return page if getattr(page, "portal_type", None) in GUIDE_TYPES else None


def sync(site) -> dict[str, int]:
    """Link pages at the same path, add new baseline pages (parents first);
    how many of each."""
    report = {"linked": 0, "added": 0, "skipped": 0}
    for item in pending(site):
        if item.kind != "new" or item.then is not None:
            continue  # answered by editors (declined pages stay declined)
        same = page_at(site, item.path)
        if same is not None and same.portal_type == item.portal_type:
            store.remember(
                site, item.uid, same.UID(), item.path, item.portal_type, item.now
            )
            report["linked"] += 1
            continue
        try:
            take(site, item)
        except BaselineError:
            report["skipped"] += 1
            continue
        report["added"] += 1
    return report
