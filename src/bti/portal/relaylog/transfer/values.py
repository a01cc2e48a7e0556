"""A log package's values as plain JSON and back (bti.portal.relaylog.transfer.package).

Dates, datetimes and Zope DateTimes are tagged ({"@date": ...}); files and
pictures become {"@file" or "@image": <path in the zip>, "filename",
"content_type"} with their bytes stored beside log.json. Anything else that is
not plain data is refused (TypeError): a field of a new type must be taught
here, not lost on the way.
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.versioningbehavior.behaviors import IVersionable
from plone.dexterity.utils import iterSchemata
from plone.dexterity.utils import iterSchemataForType
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.namedfile.interfaces import INamedFile
from zope.i18nmessageid import Message
from zope.schema import FrozenSet
from zope.schema import getFieldsInOrder
from zope.schema import Set
from zope.schema import Tuple

import hashlib


def encode(value, blob=None):
    """Plain JSON for a field or annotation value; ``blob(named_file)`` stores bytes."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Message):
        return api.portal.translate(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        raise TypeError("bytes outside a file")
    if isinstance(value, DateTime):
        return {"@DateTime": value.ISO8601()}
    if isinstance(value, datetime):
        return {"@datetime": value.isoformat()}
    if isinstance(value, date):
        return {"@date": value.isoformat()}
    if blob is not None and INamedFile.providedBy(value):
        return blob(value)
    if isinstance(value, (set, frozenset)):
        return [encode(item, blob) for item in sorted(value)]
    if hasattr(value, "items"):
        return {str(key): encode(item, blob) for key, item in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return [encode(item, blob) for item in value]
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def decode(value, blobs=None, persistent=False):
    """The Python value of ``encode``'s output (persistent containers when asked)."""
    if isinstance(value, list):
        items = [decode(item, blobs, persistent) for item in value]
        return PersistentList(items) if persistent else items
    if not isinstance(value, dict):
        return value
    if "@DateTime" in value:
        return DateTime(value["@DateTime"])
    if "@datetime" in value:
        return datetime.fromisoformat(value["@datetime"])
    if "@date" in value:
        return date.fromisoformat(value["@date"])
    if "@file" in value or "@image" in value:
        factory = NamedBlobImage if "@image" in value else NamedBlobFile
        return factory(
            data=blobs[value.get("@image") or value["@file"]],
            filename=value.get("filename") or None,
            contentType=value.get("content_type") or "",
        )
    items = {key: decode(item, blobs, persistent) for key, item in value.items()}
    return PersistentMapping(items) if persistent else items


def decode_field(field, value, blobs):
    value = decode(value, blobs)
    if isinstance(value, list):
        if isinstance(field, Tuple):
            return tuple(value)
        if isinstance(field, FrozenSet):
            return frozenset(value)
        if isinstance(field, Set):
            return set(value)
    return value


def fields_of(obj_or_type):
    """(schema, name, field) of a type's schemas, without the change-note behavior."""
    if isinstance(obj_or_type, str):
        schemata = iterSchemataForType(obj_or_type)
    else:
        schemata = iterSchemata(obj_or_type)
    for schema in schemata:
        if schema is IVersionable:
            continue
        for name, field in getFieldsInOrder(schema):
            if not field.readonly:
                yield schema, name, field


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
