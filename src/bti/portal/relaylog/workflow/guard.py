"""The workflow guard of a log: the domain rules on the log's facts.

The workflow's guard expressions call ``RelayLog.transition_problems``, which
asks this adapter (content does not import the Stafettlogg's Plone layer).
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.content.relay_log import ITransitionGuard
from bti.portal.relaylog.facts import transition_problems
from zope.component import adapter
from zope.interface import implementer


@implementer(ITransitionGuard)
@adapter(IRelayLog)
class TransitionGuard:
    def __init__(self, context):
        self.context = context

    def problems(self, transition_id: str) -> list[str]:
        return transition_problems(self.context, transition_id)
