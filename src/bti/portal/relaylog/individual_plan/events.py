"""The event of a log that continues as an individual plan.

Fired after the transition ``to_individual_plan``. Statistics count it (kind
"individual_plan"), the archive stores the relay log as it was closed.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IIndividualPlanStarted(IObjectEvent):
    """``object``: the log, now in the state individual_plan."""

    coordinator = Attribute("User id of the plan's coordinator")
    previous_holders = Attribute("User ids of the relay holders whose role ended")
    unit = Attribute("UID of the log's unit")
    level = Attribute("The level the log left (3)")
    reason = Attribute('The relay log\'s close reason, "individual_plan"')


@implementer(IIndividualPlanStarted)
class IndividualPlanStarted(ObjectEvent):
    def __init__(self, log, coordinator, previous_holders, unit, level=3):
        super().__init__(log)
        self.coordinator = coordinator
        self.previous_holders = tuple(previous_holders)
        self.unit = unit
        self.level = level
        self.reason = "individual_plan"
