"""Create demo content from a plain JSON tree (content/<language>/*.json).

Each item: {"type", "title", optional "id", "key", "layout" (a view name),
"children", field values}. A guide level has no "title": its name comes from
the level facts (bti.portal.domain.guide_levels) in the site's language.
Rich text fields take HTML, dates take "YYYY-MM-DD", relation fields take the
"key"s of other items in the same import. Everything is published, so the
guide is readable as soon as the site exists; editors change it from there.

Each item is made with its final id and the site's language from the start,
so its first version (plone.versioning) is the item as readers see it: a
compare view shows no change of id or language that nobody made.
"""

from bti.portal.content.routine import IRoutine
from bti.portal.routines import control
from bti.portal.routines import cycle
from bti.portal.vocabularies import level_title
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
    for obj, name, keys in pending:  # links to items made later
        setattr(
            obj, name, relation_value(fields_of(obj.portal_type)[name], created, keys)
        )
        obj.reindexObject()
    return created


def relation_value(field, created: dict, keys: list):
    intids = getUtility(IIntIds)
    relations = [RelationValue(intids.getId(created[key])) for key in keys]
    return relations[0] if isinstance(field, RelationChoice) else relations


def _create(container, items, created, pending):
    language = api.portal.get_default_language()
    for item in items:
        fields = fields_of(item["type"])
        title = item.get("title") or level_name(item, language)
        values, relations = {}, {}
        for name, value in item.items():
            if name in META:
                continue
            if name not in fields:
                raise KeyError(f"{item['type']} has no field {name!r}")
            if is_relation(fields[name]):
                keys = value if isinstance(value, list) else [value]
                if all(key in created for key in keys):
                    # Items made earlier: linked at once, in the first version.
                    values[name] = relation_value(fields[name], created, keys)
                else:
                    relations[name] = keys
            else:
                values[name] = plain_value(fields[name], value)
        if "language" in fields:
            values.setdefault("language", language)
        obj = api.content.create(
            container=container,
            type=item["type"],
            # The final id now: a safe_id would add the item under a random id
            # and rename it after its first version was saved.
            id=free_id(container, item.get("id") or title),
            title=title,
            description=item.get("description", ""),
            safe_id=False,
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


def level_name(item: dict, language: str) -> str:
    """A guide level's title: its name from the level facts, translated."""
    if item["type"] != "GuideLevel":
        raise KeyError(f"{item['type']} item without a title")
    return api.portal.translate(level_title(item["level"]), lang=language)


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
