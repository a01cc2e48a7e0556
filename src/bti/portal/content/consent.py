"""Consent (samtykke) recorded in a Stafettlogg.

The rules are in bti.portal.domain.consent.
"""

from bti.portal import _
from bti.portal.validators import line_limit
from bti.portal.validators import scanned_form
from bti.portal.validators import text_limit
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant


class IConsentRules(Interface):
    """The Stafettlogg's rules for a consent being added or edited (form or REST).

    An adapter of the form data (or a Consent), registered by bti.portal.relaylog.
    """

    def problems():
        """Translatable messages; empty when the consent may be saved."""


class IConsent(model.Schema):
    kind = schema.Choice(
        title=_("label_consent_kind", default="Kind of consent"),
        vocabulary="bti.portal.ConsentKinds",
        required=True,
    )
    # Check boxes: each service has its own label, on a phone too (the default
    # two-list widget has unlabelled lists and is wider than 390 px).
    directives.widget(services="z3c.form.browser.checkbox.CheckBoxFieldWidget")
    services = schema.List(
        title=_("label_consent_services", default="Services covered"),
        description=_(
            "help_consent_services",
            default="For cooperation or access: the services the family agrees to.",
        ),
        value_type=schema.Choice(vocabulary="bti.portal.ServiceKinds"),
        required=False,
        default=[],
    )
    signed = schema.Date(
        title=_("label_consent_signed", default="Signed on"),
        required=False,
    )
    signed_by = schema.List(
        title=_("label_consent_signed_by", default="Signed by guardians"),
        description=_(
            "help_consent_signed_by",
            default="As written in the log's list of guardians, one per line.",
        ),
        value_type=schema.TextLine(constraint=line_limit),
        required=False,
        default=[],
    )
    youth_signed = schema.Bool(
        title=_("label_youth_signed", default="The young person signed"),
        required=False,
        default=False,
    )
    valid_until = schema.Date(
        title=_("label_valid_until", default="Valid until"),
        description=_(
            "help_valid_until",
            default="Empty: consent for cooperation runs two years; other kinds until "
            "withdrawn.",
        ),
        required=False,
    )
    paper_form = NamedBlobFile(
        title=_("label_paper_form", default="Scanned signed consent form"),
        description=_(
            "help_paper_form",
            default="A consent signed on paper is recorded with the scanned form: "
            "a PDF file or a picture (JPEG, PNG), at most 10 MB.",
        ),
        required=False,
        constraint=scanned_form,
    )
    withdrawn = schema.Date(
        title=_("label_withdrawn", default="Withdrawn on"),
        required=False,
    )
    model.fieldset(
        "one_signature",
        label=_("fieldset_one_signature", default="Only one guardian signed"),
        fields=["single_signature_reason", "other_guardian_effort"],
    )
    single_signature_reason = schema.Text(
        title=_(
            "label_single_signature_reason", default="Why only one guardian signed"
        ),
        required=False,
        constraint=text_limit,
    )
    other_guardian_effort = schema.Text(
        title=_(
            "label_other_guardian_effort",
            default="What was done to get the other signature",
        ),
        required=False,
        constraint=text_limit,
    )

    @invariant
    def follows_the_rules(data):
        messages = IConsentRules(data).problems()
        if messages:
            raise Invalid(messages[0])


@implementer(IConsent)
class Consent(Item):
    """A consent. Signed electronically: text_version, signed_acr, signer_ref set."""

    text_version = ""  # the exact consent text version shown when signed at login
    signed_acr = ""
    signer_ref = ""  # keyed hash of the signer's pid (bti.portal.oidc), never the pid
