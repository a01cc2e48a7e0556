"""The pending changes as rows for the editors' page and the REST endpoint."""

from bti.portal import _
from bti.portal.baseline.changes import Change
from bti.portal.baseline.diff import field_diffs


KINDS = {
    "new": _("baseline_kind_new", default="New upstream"),
    "changed": _("baseline_kind_changed", default="Changed upstream"),
    "removed": _("baseline_kind_removed", default="Removed upstream"),
}


def row(item: Change) -> dict:
    """One change: the baseline's own change (then → now) and the site's text
    against the baseline text it took (then → local now)."""
    title = (item.now or item.then or {}).get("title", "")
    return {
        "uid": item.uid,
        "kind": item.kind,
        "path": item.path,
        "portal_type": item.portal_type,
        "title": title,
        "local_url": item.local.absolute_url() if item.local is not None else None,
        "local_edited": item.local_edited,
        "upstream": field_diffs(item.then, item.now),
        "local": field_diffs(item.then, item.local_text)
        if item.local_text is not None
        else [],
    }
