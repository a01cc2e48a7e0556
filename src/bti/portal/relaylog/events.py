"""Events of a log that are not workflow transitions: a new holder took it over,
it moved to another unit. Subscribers (the archive) react to them."""

from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class ILogHandedOver(IObjectEvent):
    """A colleague accepted a handover offer and now holds the log."""


class ILogTransferred(IObjectEvent):
    """The log moved to another unit (service, municipality)."""


@implementer(ILogHandedOver)
class LogHandedOver(ObjectEvent):
    pass


@implementer(ILogTransferred)
class LogTransferred(ObjectEvent):
    pass
