"""The consent rules checked when a consent is added or edited (form or REST).

The IConsent schema's invariant asks this adapter of the form data; content
does not import the Stafettlogg's Plone layer.
"""

from bti.portal.content.consent import IConsent
from bti.portal.content.consent import IConsentRules
from bti.portal.relaylog.facts import consent_form_problems
from zope.component import adapter
from zope.interface import implementer


@implementer(IConsentRules)
@adapter(IConsent)
class ConsentRules:
    def __init__(self, data):
        self.data = data

    def problems(self) -> list:
        return consent_form_problems(self.data)
