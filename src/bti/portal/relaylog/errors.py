"""One error type for the Stafettlogg's refusals: a reason code and its message.

Its HTTP mapping lives here too: ``status`` (400, 403, 413 or 415) and
``error_body``, the JSON every REST endpoint of the product answers with, in
plone.restapi's shape {"error": {"type", "message", "code"}} (the same keys at
the top as well, as plone.rest's error view and older clients read them).
"""

from bti.portal.input_errors import bad_input
from bti.portal.relaylog.reasons import message
from typing import ClassVar
from zExceptions import Forbidden
from zope.i18n import translate


# Codes about who the user is, not about what they sent.
FORBIDDEN = frozenset({
    "decide_not_allowed",
    "start_log_not_allowed",
    "transfer_not_allowed",
    "export_not_holder",
    "import_not_allowed",
    "invitations_not_allowed",
    "minutes_not_allowed",
    "sign_not_family",
    "sign_not_guardian",
    "handover_not_allowed",
    "handover_not_for_you",
    "dashboard_not_yours",
})
# Codes about the request itself rather than its values.
STATUS = {"body_too_large": 413, "body_media_type": 415}
TYPES = {
    400: "BadRequest",
    403: "Forbidden",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
}


class CodedError(ValueError):
    """Raised with a reason code; ``message`` is its translatable text.

    Subclasses may bring their own ``messages`` (code -> message); every other
    code is looked up in the shared catalog, bti.portal.relaylog.reasons.
    """

    messages: ClassVar[dict] = {}

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self):
        if self.code in self.messages:
            return self.messages[self.code]
        return message(self.code)

    @property
    def status(self) -> int:
        """The HTTP status of this refusal."""
        if self.code in FORBIDDEN:
            return 403
        return STATUS.get(self.code, 400)


def page_error(error: CodedError) -> Exception:
    """For a page: Forbidden for a refusal (the neutral 403 page), else a
    BadRequest whose page names what was wrong."""
    if error.status == 403:
        return Forbidden(error.code)
    return bad_input(error.code, error.message)


def error_body(status: int, message: str, code: str | None = None) -> dict:
    """The JSON of an error answer (``message`` already translated)."""
    error = {"type": TYPES.get(status, "BadRequest"), "message": message}
    if code:
        error["code"] = code
    return {"error": error, **error}


def reply(request, error: CodedError) -> dict:
    """Set the status for ``error`` on the response; the JSON to answer with."""
    request.response.setStatus(error.status)
    return error_body(
        error.status, translate(error.message, context=request), error.code
    )
