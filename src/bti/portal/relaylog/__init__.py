"""The Stafettlogg's Plone layer: facts for the domain rules, roles, handover."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from bti.portal.content.ids import random_id
from bti.portal.content.relay_log import IRelayLog
from plone import api


def find_log(obj):
    """The RelayLog that is ``obj`` or contains it, else None."""
    for item in aq_chain(aq_inner(obj)):
        if IRelayLog.providedBy(item):
            return item
    return None


def create(container, type_name: str, **fields):
    """plone.api.content.create with a random id (people in logs may not rename)."""
    return api.content.create(
        container=container, type=type_name, id=random_id(), safe_id=False, **fields
    )
