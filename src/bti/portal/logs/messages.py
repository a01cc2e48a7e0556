"""Translatable texts for the domain's reason codes (bti.portal.domain.*.MESSAGES).

The code is the msgid; the domain's English text is the default.
"""

from bti.portal import _
from bti.portal.domain import consent
from bti.portal.domain import deadlines
from bti.portal.domain import levels


MESSAGES = {
    # levels
    "transition_unknown": _("transition_unknown", default="Unknown transition."),
    "wrong_state": _("wrong_state", default="This change is not possible in the log's current state."),
    "consent_missing": _("consent_missing", default="There is no valid consent to create the log."),
    "cooperation_consent_missing": _(
        "cooperation_consent_missing", default="There is no valid consent for cooperation."
    ),
    "service_not_covered": _(
        "service_not_covered",
        default="A participating service is not covered by a valid consent for cooperation.",
    ),
    "consent_still_valid": _(
        "consent_still_valid", default="The consent to create the log is still valid."
    ),
    "close_reason_missing": _("close_reason_missing", default="Choose why the log is closed."),
    "close_reason_unknown": _("close_reason_unknown", default="Unknown reason for closing."),
    "log_not_active": _(
        "log_not_active", default="Participants can only be added to an active log."
    ),
    # consent
    "unsigned": _("unsigned", default="The consent is not signed."),
    "not_yet_valid": _("not_yet_valid", default="The consent is signed with a later date."),
    "valid": _("valid", default="The consent is valid."),
    "expired": _("expired", default="The consent has expired and must be renewed."),
    "withdrawn": _("withdrawn", default="The consent has been withdrawn."),
    "consent_expired": _("consent_expired", default="The consent has expired and must be renewed."),
    "consent_expiring": _("consent_expiring", default="The consent expires soon; ask for a renewal."),
    "kind_unknown": _("kind_unknown", default="Unknown kind of consent."),
    "not_signed": _("not_signed", default="The consent has no signing date."),
    "signature_missing": _("signature_missing", default="Nobody who may consent has signed."),
    "signer_not_guardian": _(
        "signer_not_guardian",
        default="Someone who signed is not in the log's list of guardians with parental "
        "responsibility.",
    ),
    "youth_under_consent_age": _(
        "youth_under_consent_age",
        default="The young person is under the consent age and cannot consent alone.",
    ),
    "single_signature_reason_missing": _(
        "single_signature_reason_missing", default="Only one guardian signed: record why."
    ),
    "other_guardian_effort_missing": _(
        "other_guardian_effort_missing",
        default="Only one guardian signed: record what was done to get the other signature.",
    ),
    "services_missing": _("services_missing", default="Name the services the consent covers."),
    "valid_until_before_signed": _(
        "valid_until_before_signed", default="The end date is before the signing date."
    ),
    "validity_too_long": _(
        "validity_too_long",
        default="Consent for cooperation must be renewed at least every second year.",
    ),
    "withdrawn_before_signed": _(
        "withdrawn_before_signed", default="The withdrawal date is before the signing date."
    ),
    # deadlines
    "overdue": _("overdue", default="The deadline has passed."),
    "due_soon": _("due_soon", default="The deadline is near."),
    "invitation_expired": _("invitation_expired", default="The invitation has expired; send a new one."),
    # concern
    "decision_missing": _("decision_missing", default="Choose a decision."),
    "decision_reason_missing": _("decision_reason_missing", default="Write the reason for this decision."),
    "log_not_started": _("log_not_started", default="Start the log first."),
    # concern decisions (bti.portal.logs.decisions)
    "decision_unknown": _(
        "decision_unknown",
        default="Choose one of the decisions: close, keep watching, start a Stafettlogg, "
        "or report to the child welfare service.",
    ),
    "concern_already_decided": _(
        "concern_already_decided", default="This concern has already been decided."
    ),
    "decide_not_allowed": _(
        "decide_not_allowed", default="You cannot record a decision on this concern."
    ),
    "start_log_not_allowed": _(
        "start_log_not_allowed", default="You cannot start a Stafettlogg on this site."
    ),
    "body_not_json": _("body_not_json", default="Send the request body as a JSON object."),
}

# Every domain code has a translatable text (checked on import).
_missing = (
    set(levels.MESSAGES) | set(consent.MESSAGES) | set(deadlines.MESSAGES)
) - set(MESSAGES) - set(levels.CLOSE_REASONS)
if _missing:
    raise ValueError(f"codes without a message: {sorted(_missing)}")


def message(code: str):
    return MESSAGES.get(code, code)
