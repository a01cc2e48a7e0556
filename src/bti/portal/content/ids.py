"""Random ids for logs, concerns and everything inside a log.

A log's URL must never say whose log it is, so ids are random and never taken
from a title, a name or a client's request.
"""

from bti.portal.content.ordering import ATTRIBUTE
from bti.portal.content.ordering import InsertionOrder
from bti.portal.content.ordering import InsertionOrdering
from OFS.event import ObjectWillBeAddedEvent
from plone.app.content.namechooser import NormalizingNameChooser
from plone.dexterity.content import Container
from zExceptions import BadRequest
from zope.container.interfaces import INameChooser
from zope.event import notify
from zope.interface import implementer
from zope.lifecycleevent import ObjectAddedEvent

import re
import secrets


PATTERN = re.compile(r"^[0-9a-f]{16}$")
# plone.api.content.create adds under a uuid4, then renames through the name chooser.
TEMPORARY = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
# Types whose ids are random wherever they are added.
RANDOM_ID_TYPES = frozenset({
    "Concern",
    "RelayLog",
    "Goal",
    "Activity",
    "Evaluation",
    "LogMessage",
    "Meeting",
    "Consent",
    "Attachment",
})


# Server logs mask 11 digits in a row as a possible national id
# (bti.portal.logmask): an id never has them, so log lines name it readably.
ELEVEN_DIGITS = re.compile(r"\d{11}")


def random_id(token=secrets.token_hex) -> str:
    while ELEVEN_DIGITS.search(candidate := token(8)):
        pass
    return candidate


def is_random_id(value: str) -> bool:
    return bool(PATTERN.match(value or ""))


class RandomIdContainer(Container):
    """Refuses a chosen id for log types (plone.restapi passes ``id`` through).

    Items keep the order of adding in BTrees (content.ordering), so that
    concurrent adds to one container do not conflict."""

    _bti_insertion_order = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        setattr(self, ATTRIBUTE, InsertionOrder())

    def getOrdering(self):
        return InsertionOrdering(self)

    def _setObject(
        self,
        id,  # noqa: A002 (Zope's signature)
        object,  # noqa: A002 (Zope's signature)
        *args,
        suppress_events=False,
        **kwargs,
    ):
        speaking = not (is_random_id(id) or TEMPORARY.match(id or ""))
        if getattr(object, "portal_type", None) in RANDOM_ID_TYPES and speaking:
            raise BadRequest(
                "Ids in the Stafettlogg are chosen by the system; do not send one."
            )
        if suppress_events:
            return super()._setObject(id, object, *args, suppress_events=True, **kwargs)
        # The item's own events, but no ContainerModifiedEvent: that would
        # reindex the container and set its modification date, so that
        # every add writes the container (and its catalog entry) and
        # concurrent adds to one log conflict.
        notify(ObjectWillBeAddedEvent(object, self, id))
        new_id = super()._setObject(id, object, *args, suppress_events=True, **kwargs)
        notify(ObjectAddedEvent(self._getOb(new_id), self, new_id))
        return new_id


@implementer(INameChooser)
class RandomNameChooser:
    """Name chooser for containers of log content: a fresh random id each time."""

    def __init__(self, context):
        self.context = context

    def checkName(self, name, obj):
        return is_random_id(name) and name not in self.context

    def chooseName(self, name, obj):
        if getattr(obj, "portal_type", None) not in RANDOM_ID_TYPES:
            return NormalizingNameChooser(self.context).chooseName(name, obj)
        while True:
            candidate = random_id()
            if candidate not in self.context:
                return candidate
