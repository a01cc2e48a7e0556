"""plone.restapi's content deserializer on a BTI site, with the JSON types checked.

A value of the wrong JSON type ("end": 5 for a date, a list for a text) or a
date that cannot be read is a field error like any other: 400 with a message in
the user's language, before plone.restapi's field deserializers see it (some of
them fail with a TypeError, a server error, on such values).
"""

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.services.body import BodyError
from bti.portal.services.body import json_object
from bti.portal.services.body import MAX_CONTENT_BODY
from plone.app.textfield.interfaces import IRichText
from plone.dexterity.interfaces import IDexterityContent
from plone.dexterity.utils import iterSchemata
from plone.namedfile.interfaces import INamedField
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from zope.component import adapter
from zope.interface import implementer
from zope.schema import getFields
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDecimal
from zope.schema.interfaces import IDict
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITime

import dateutil.parser


NUMBER = (int, float)


def wrong_type(field, value) -> bool:
    """Whether a JSON ``value`` (not null) cannot be meant for ``field``."""
    if IRichText.providedBy(field) or INamedField.providedBy(field):
        return not isinstance(value, str | dict)
    if IBool.providedBy(field):
        return not isinstance(value, bool)
    if IInt.providedBy(field):
        return isinstance(value, bool) or not isinstance(value, int | str)
    if IFloat.providedBy(field) or IDecimal.providedBy(field):
        return isinstance(value, bool) or not isinstance(value, (*NUMBER, str))
    if IDate.providedBy(field) or IDatetime.providedBy(field):
        return not isinstance(value, str)
    if ITime.providedBy(field) or IText.providedBy(field):
        return not isinstance(value, str)
    if ICollection.providedBy(field):
        return not isinstance(value, list)
    if IDict.providedBy(field):
        return not isinstance(value, dict)
    if IChoice.providedBy(field):
        # plone.restapi takes a term or {"token": ...}; anything else is wrong.
        if isinstance(value, dict):
            return not isinstance(value.get("token"), str)
        return isinstance(value, list)
    return False


def not_a_date(field, value: str) -> bool:
    if not (IDate.providedBy(field) or IDatetime.providedBy(field)):
        return False
    try:
        dateutil.parser.parse(value)
    except (ValueError, OverflowError):
        return True
    return False


def date_message(name: str):
    return _(
        "error_not_a_date",
        default='"${field}" is not a date; write it as 2025-03-01 or 2025-03-01T13:00.',
        mapping={"field": name},
    )


@implementer(IDeserializeFromJson)
@adapter(IDexterityContent, IBTIPortalLayer)
class CheckedDeserializeFromJson(DeserializeFromJson):
    def __call__(
        self, validate_all=False, data=None, create=False, mask_validation_errors=True
    ):
        if data is None:
            data = json_object(self.request, MAX_CONTENT_BODY)
        return super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )

    def get_schema_data(self, data, validate_all, create=False):
        data = dict(data)
        errors = []
        for schema in iterSchemata(self.context):
            for name, field in getFields(schema).items():
                value = data.get(name)
                if value is None:
                    continue
                if wrong_type(field, value):
                    message = BodyError("body_wrong_type", name).message
                elif isinstance(value, str) and not_a_date(field, value):
                    message = date_message(name)
                else:
                    continue
                del data[name]
                errors.append({"field": name, "message": message, "error": "type"})
        schema_data, more = super().get_schema_data(data, validate_all, create)
        return schema_data, errors + more
