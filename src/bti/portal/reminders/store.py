"""Per-user reminder data kept on the site: switched-off kinds and the last digest day.

Two BTrees keyed by user id in an annotation of the site root, so a re-run of
the daily job on the same day sends nothing new, and preferences need no
member-data schema.
"""

from BTrees.OOBTree import OOBTree
from datetime import date
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.reminders"


def _data(create: bool = False):
    annotations = IAnnotations(api.portal.get())
    data = annotations.get(KEY)
    if data is None and create:
        data = annotations[KEY] = PersistentMapping(
            switched_off=OOBTree(), sent=OOBTree()
        )
    return data


def switched_off(user_id: str) -> frozenset[str]:
    data = _data()
    return frozenset(data["switched_off"].get(user_id, ())) if data else frozenset()


def set_switched_off(user_id: str, kinds) -> None:
    tree = _data(create=True)["switched_off"]
    kinds = tuple(sorted(set(kinds)))
    if kinds:
        tree[user_id] = kinds
    elif user_id in tree:
        del tree[user_id]


def last_sent(user_id: str) -> date | None:
    data = _data()
    value = data["sent"].get(user_id) if data else None
    return date.fromisoformat(value) if value else None


def mark_sent(user_id: str, day: date) -> None:
    _data(create=True)["sent"][user_id] = day.isoformat()
