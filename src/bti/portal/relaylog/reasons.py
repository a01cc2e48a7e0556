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
    "wrong_state": _(
        "wrong_state", default="This change is not possible in the log's current state."
    ),
    "consent_missing": _(
        "consent_missing", default="There is no valid consent to create the log."
    ),
    "cooperation_consent_missing": _(
        "cooperation_consent_missing",
        default="There is no valid consent for cooperation.",
    ),
    "service_not_covered": _(
        "service_not_covered",
        default="A participating service is not covered by a valid consent for "
        "cooperation.",
    ),
    "consent_still_valid": _(
        "consent_still_valid", default="The consent to create the log is still valid."
    ),
    "close_reason_missing": _(
        "close_reason_missing", default="Choose why the log is closed."
    ),
    "close_reason_unknown": _(
        "close_reason_unknown", default="Unknown reason for closing."
    ),
    "log_not_active": _(
        "log_not_active", default="Participants can only be added to an active log."
    ),
    # individual plan (bti.portal.relaylog.individual_plan)
    "plan_coordinator_unknown": _(
        "plan_coordinator_unknown",
        default="Choose the coordinator among the site's staff.",
    ),
    "plan_service_not_covered": _(
        "plan_service_not_covered",
        default="The family's consent for cooperation does not cover the "
        "coordinator's service.",
    ),
    # consent
    "unsigned": _("unsigned", default="The consent is not signed."),
    "not_yet_valid": _(
        "not_yet_valid", default="The consent is signed with a later date."
    ),
    "valid": _("valid", default="The consent is valid."),
    "expired": _("expired", default="The consent has expired and must be renewed."),
    "withdrawn": _("withdrawn", default="The consent has been withdrawn."),
    "not_in_use": _(
        "not_in_use",
        default="Not in use: the family withdrew the consent to keep the log.",
    ),
    "consent_expired": _(
        "consent_expired", default="The consent has expired and must be renewed."
    ),
    "consent_expiring": _(
        "consent_expiring", default="The consent expires soon; ask for a renewal."
    ),
    "kind_unknown": _("kind_unknown", default="Unknown kind of consent."),
    "not_signed": _("not_signed", default="The consent has no signing date."),
    "signature_missing": _(
        "signature_missing", default="Nobody who may consent has signed."
    ),
    "signer_not_guardian": _(
        "signer_not_guardian",
        default="Someone who signed is not in the log's list of guardians with "
        "parental responsibility.",
    ),
    "youth_under_consent_age": _(
        "youth_under_consent_age",
        default="The young person is under the consent age and cannot consent alone.",
    ),
    "single_signature_reason_missing": _(
        "single_signature_reason_missing",
        default="Only one guardian signed: record why.",
    ),
    "other_guardian_effort_missing": _(
        "other_guardian_effort_missing",
        default="Only one guardian signed: record what was done to get the other "
        "signature.",
    ),
    "services_missing": _(
        "services_missing", default="Name the services the consent covers."
    ),
    "valid_until_before_signed": _(
        "valid_until_before_signed", default="The end date is before the signing date."
    ),
    "validity_too_long": _(
        "validity_too_long",
        default="Consent for cooperation must be renewed at least every second year.",
    ),
    "withdrawn_before_signed": _(
        "withdrawn_before_signed",
        default="The withdrawal date is before the signing date.",
    ),
    # deadlines
    "overdue": _("overdue", default="The deadline has passed."),
    "due_soon": _("due_soon", default="The deadline is near."),
    "invitation_expired": _(
        "invitation_expired", default="The invitation has expired; send a new one."
    ),
    # concern
    "decision_missing": _("decision_missing", default="Choose a decision."),
    "decision_reason_missing": _(
        "decision_reason_missing", default="Write the reason for this decision."
    ),
    "log_not_started": _("log_not_started", default="Start the log first."),
    # concern decisions (bti.portal.relaylog.concerns.decisions)
    "decision_unknown": _(
        "decision_unknown",
        default="Choose one of the decisions: close, keep watching, start a "
        "Stafettlogg, or report to the child welfare service.",
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
    "body_not_json": _(
        "body_not_json", default="Send the request body as a JSON object."
    ),
    # moving a log to another unit (bti.portal.relaylog.transfer.rules)
    "transfer_not_allowed": _(
        "transfer_not_allowed", default="You cannot move this log to another unit."
    ),
    "transfer_log_not_active": _(
        "transfer_log_not_active",
        default="Only a log that is being set up or is active can move to another "
        "unit or site.",
    ),
    "transfer_unit_unknown": _(
        "transfer_unit_unknown", default="Choose the unit that takes over the log."
    ),
    "transfer_same_unit": _(
        "transfer_same_unit", default="The log already belongs to this unit."
    ),
    "transfer_consent_missing": _(
        "transfer_consent_missing",
        default="The family has not given a valid consent for cooperation with the "
        "service that takes over. Record that consent first.",
    ),
    "transfer_holder_not_on_unit": _(
        "transfer_holder_not_on_unit",
        default="Choose the new relay holder among the people listed on the unit "
        "that takes over.",
    ),
    # export to and import from another BTI site (bti.portal.relaylog.transfer.package)
    "export_not_holder": _(
        "export_not_holder", default="Only the relay holder can export the log."
    ),
    "export_service_unknown": _(
        "export_service_unknown", default="Choose the service that takes over the log."
    ),
    "export_passphrase_short": _(
        "export_passphrase_short",
        default="Choose a passphrase of at least 12 characters.",
    ),
    "export_passphrase_mismatch": _(
        "export_passphrase_mismatch", default="The two passphrases are not the same."
    ),
    "import_not_allowed": _(
        "import_not_allowed", default="You cannot import logs on this site."
    ),
    "import_file_missing": _(
        "import_file_missing", default="Choose the file you received."
    ),
    "import_passphrase_missing": _(
        "import_passphrase_missing",
        default="Write the passphrase the sender gave you.",
    ),
    "import_too_large": _(
        "import_too_large", default="The file is too large to be a log from a BTI site."
    ),
    "import_not_a_package": _(
        "import_not_a_package",
        default="This file is not a log exported from a BTI site.",
    ),
    "import_wrong_passphrase": _(
        "import_wrong_passphrase",
        default="The passphrase does not open this file. Check it with the sender.",
    ),
    "import_damaged": _(
        "import_damaged",
        default="The file is damaged or was changed after it was exported. "
        "Ask the sender for a new export.",
    ),
    "import_version_unsupported": _(
        "import_version_unsupported",
        default="The file was made by a newer version of the BTI portal. "
        "Import it when this site has been updated.",
    ),
    "import_service_mismatch": _(
        "import_service_mismatch",
        default="The family's consent covers another service than the unit you chose. "
        "Choose a unit of the service named by the sender.",
    ),
    "import_consent_missing": _(
        "import_consent_missing",
        default="The file holds no valid consent for cooperation with the service "
        "that takes over. Ask the sender to record the consent and export again.",
    ),
}

# Every domain code has a translatable text (checked on import).
_missing = (
    (set(levels.MESSAGES) | set(consent.MESSAGES) | set(deadlines.MESSAGES))
    - set(MESSAGES)
    - set(levels.CLOSE_REASONS)
)
if _missing:
    raise ValueError(f"codes without a message: {sorted(_missing)}")


def message(code: str):
    return MESSAGES.get(code, code)
