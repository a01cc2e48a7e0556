"""What a following site took from its baseline, kept on the site root.

One record per baseline page the site has seen (its UID), with the local
page's UID (None when the editors declined a new page), the page's path and
type in the baseline, and the baseline text last taken or kept, with its
digest: the "baseline then" that changes are measured against."""

from bti.portal.baseline.pages import digest
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.baseline"


def records(site, create: bool = False):
    """baseline UID -> record (a PersistentMapping); {} if none yet."""
    annotations = IAnnotations(site)
    if KEY not in annotations:
        if not create:
            return {}
        annotations[KEY] = PersistentMapping()
    return annotations[KEY]


def remember(site, uid: str, local_uid, path: str, portal_type: str, text: dict):
    records(site, create=True)[uid] = PersistentMapping(
        local=local_uid,
        path=path,
        portal_type=portal_type,
        taken=dict(text),
        digest=digest(text),
    )


def forget(site, uid: str) -> None:
    records(site, create=True).pop(uid, None)
