"""Catalog indexers for the guide types.

Every index and column is named ``bti_*`` and fed only from guide
interfaces, so no other content (a Stafettlogg least of all) ever lands in
them by sharing an attribute name.
"""

from bti.portal.content.annual_wheel import IAnnualTask
from bti.portal.content.measure import IMeasure
from bti.portal.content.routine import IRoutine
from bti.portal.content.service import IService
from bti.portal.content.tool import IAgeRange
from bti.portal.content.tool import ITool
from plone.indexer import indexer


def _attribute(interface, name: str, default=None):
    """An indexer that returns ``obj.<name>`` (or ``default``) for ``interface``."""

    @indexer(interface)
    def index(obj):
        value = getattr(obj, name, None)
        if value is None:
            value = default
        if value is None:
            raise AttributeError(name)  # plone.indexer: leave it out
        return value

    return index


tool_levels = _attribute(ITool, "levels")
service_levels = _attribute(IService, "levels")
tool_target_groups = _attribute(ITool, "target_groups")
# No age range means every age: index the widest range so age filters keep it.
age_from = _attribute(IAgeRange, "age_from", default=0)
age_to = _attribute(IAgeRange, "age_to", default=25)
risk_factor = _attribute(IMeasure, "risk_factor")
target_group = _attribute(IMeasure, "target_group")
intensity = _attribute(IMeasure, "intensity")
month_from = _attribute(IAnnualTask, "month_from")
month_to = _attribute(IAnnualTask, "month_to")
owner_role = _attribute(IAnnualTask, "owner_role")
audience = _attribute(IAnnualTask, "audience")
next_revision = _attribute(IRoutine, "next_revision")
revision_owner = _attribute(IRoutine, "revision_owner")


@indexer(IMeasure)
def service_uid(obj):
    """UID of the service responsible for a measure."""
    relation = obj.service
    target = relation.to_object if relation is not None else None
    if target is None:
        raise AttributeError("service_uid")
    return target.UID()


@indexer(IService)
def contact(obj):
    """Contact details of a service, for the services directory."""
    return {
        "phone": obj.phone or "",
        "email": obj.email or "",
        "address": obj.address or "",
        "opening_hours": obj.opening_hours or "",
    }
