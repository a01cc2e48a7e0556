"""Create demo content from a plain JSON tree (content/<language>/*.json).

Each item: {"type", "title", optional "id", "key", "layout" (a view name),
"children", field values}.
Rich text fields take HTML, dates take "YYYY-MM-DD", relation fields take the
"key"s of other items in the same import. Everything is published, so the
guide is readable as soon as the site exists; editors change it from there.
"""

from bti.portal.content.routine import IRoutine
from bti.portal.routines import control
from bti.portal.routines import cycle
from datetime import date
from plone import api
from plone.app.textfield import RichText
from plone.app.textfield.value import RichTextValue
from plone.base.utils import check_id
from plone.dexterity.utils import iterSchemataForType
from plone.i18n.normalizer.interfaces import IURLNormalizer
from z3c.relationfield import RelationValue
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import contextlib


META = {"type", "title", "id", "key", "children", "description", "layout"}


def fields_of(portal_type: str) -> dict:
    fields = {}
    for iface in iterSchemataForType(portal_type):
        for name in iface.names(all=True):
            fields[name] = iface[name]
    return fields


def plain_value(field, value):
    if isinstance(field, RichText):
        return RichTextValue(value, "text/html", "text/x-html-safe")
    if isinstance(field, schema.Date):
        return date.fromisoformat(value)
    return value


def is_relation(field) -> bool:
    return isinstance(field, (RelationChoice, RelationList))


def create_tree(container, items: list[dict]) -> dict:
    """Create ``items`` (recursively) in ``container``; returns key → object."""
    created, pending = {}, []
    _create(container, items, created, pending)
    intids = getUtility(IIntIds)
    for obj, name, keys in pending:
        relations = [RelationValue(intids.getId(created[key])) for key in keys]
        single = isinstance(fields_of(obj.portal_type)[name], RelationChoice)
        setattr(obj, name, relations[0] if single else relations)
        obj.reindexObject()
    return created


def _create(container, items, created, pending):
    for item in items:
        fields = fields_of(item["type"])
        values, relations = {}, {}
        for name, value in item.items():
            if name in META:
                continue
            if name not in fields:
                raise KeyError(f"{item['type']} has no field {name!r}")
            if is_relation(fields[name]):
                relations[name] = value if isinstance(value, list) else [value]
            else:
                values[name] = plain_value(fields[name], value)
        obj = api.content.create(
            container=container,
            type=item["type"],
            id=item.get("id") or free_id(container, item["title"]),
            title=item["title"],
            description=item.get("description", ""),
            **values,
        )
        if item.get("key"):
            created[item["key"]] = obj
        if item.get("layout"):
            obj.setLayout(item["layout"])
        pending.extend((obj, name, keys) for name, keys in relations.items())
        _create(obj, item.get("children", []), created, pending)
        if IRoutine.providedBy(obj):
            publish_routine(obj, fields, item)
        else:
            publish(obj)


def free_id(container, title: str) -> str:
    """A URL id from the title that Plone accepts in ``container``: unique, not
    reserved, not an attribute or an index name (plone.base's check_id).

    Created under this id (``safe_id=False``), an item is never renamed:
    plone.api's create-then-rename would first index it under a temporary id
    and then fail to uncatalog that id (an ERROR line per item).
    """
    base = getUtility(IURLNormalizer).normalize(title, max_length=60)
    candidate, number = base, 1
    while check_id(container, candidate, required=1, contained_by=container):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def publish_routine(routine, fields: dict, item: dict) -> None:
    """A demo routine arrives in force through the four-eyes cycle: written by
    its "changed_by", each named controller's approval recorded, approved and
    published by its "approved_by" (when that user exists), and the version
    data of the file (which approval would renumber) kept."""
    filed = {k: plain_value(fields[k], item[k]) for k in cycle.FIELDS if k in item}
    cycle.clear_authors(routine)
    cycle.add_author(routine, item.get("changed_by"))
    api.content.transition(routine, "send_to_control")
    day = filed.get("approved_date") or date.today()
    for userid in routine.controllers or []:
        control.record_approval(routine, userid, day)
    approver = item.get("approved_by")
    if approver and api.user.get(username=approver) is not None:
        with api.env.adopt_user(username=approver):
            api.content.transition(routine, "approve")
            api.content.transition(routine, "publish")
    else:
        api.content.transition(routine, "approve")
        api.content.transition(routine, "publish")
    if "version" in filed:
        cycle.set_last_approval(routine, filed["version"], routine.approved_by, day)
    routine.reindexObject()


def publish(obj) -> None:
    if api.content.get_state(obj, default=None) != "published":
        # a type whose workflow has no published state: left as it is
        with contextlib.suppress(api.exc.InvalidParameterError):
            api.content.transition(obj, to_state="published")
