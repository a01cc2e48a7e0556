"""Bodies of REST writes on a BTI site: one reader, one check, one error answer.

Every POST, PUT, PATCH or DELETE to the REST API of a BTI site (the product's
services and plone.restapi's own, e.g. content added inside a log) is checked
right after traversal (``check_write``), before anything reads the body:

- the media type is application/json (multipart/form-data only where a
  service takes files: ``media_types`` on the service); a request with no body
  may come without a Content-Type, one with a body may not (415);
- the body is at most ``body_limit`` bytes (413), UTF-8, JSON, an object and
  nested at most MAX_DEPTH levels (400), so no parser ever recurses deeply.

Services read the checked object with ``json_object``. Refusals are
``BodyError`` (a CodedError); ``ErrorReply`` answers every CodedError,
BadRequest, Forbidden and plone.restapi's DeserializationError raised in a
REST request of the site as JSON in the user's language (bti.portal.relaylog.errors).
"""

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.errors import error_body
from bti.portal.validators import TEXT_MAX
from plone.rest.interfaces import IAPIRequest
from plone.restapi.exceptions import DeserializationError
from Products.Five.browser import BrowserView
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.interface import alsoProvides

import json
import re


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
MULTIPART = "multipart/form-data"
MAX_BODY = 1024 * 1024  # bytes of a product service's JSON body
MAX_CONTENT_BODY = 64 * 1024 * 1024  # plone.restapi's writes (files in base64)
MAX_ANY_BODY = 300 * 1024 * 1024  # the largest of any service (a log package)
MAX_DEPTH = 32  # nesting of objects and arrays
CACHE = "bti.portal.json_body"
LENGTH = "bti.portal.body_length"
# plone.restapi's resumable uploads (TUS) speak their own media type.
OWN_MEDIA_TYPES = ("plone.restapi.services.upload",)
PRODUCT = ("bti.portal.",)

# plone.restapi's json_body says these.
JSON_BODY_ERRORS = ("No JSON object could be decoded", "Malformed body")

TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)

MESSAGES = {
    "body_not_json": _(
        "body_not_json", default="Send the request body as a JSON object."
    ),
    "body_too_deep": _(
        "body_too_deep",
        default="The request body is nested too deeply.",
    ),
    "body_too_large": _(
        "body_too_large",
        default="The request body is too large.",
    ),
    "body_media_type": _(
        "body_media_type",
        default="Send the request body as JSON (Content-Type: application/json).",
    ),
}


class IBTIAPIRequest(IBTIPortalLayer, IAPIRequest):
    """A REST API request on a BTI site (marked after traversal)."""


class BodyError(CodedError):
    """A body refused; ``field`` names the value of the wrong type, if any."""

    messages = MESSAGES

    def __init__(self, code: str, field: str = ""):
        self.field = field
        super().__init__(code)

    @property
    def message(self):
        if self.code == "body_wrong_type":
            return _(
                "body_wrong_type",
                default='"${field}" has a value of the wrong type.',
                mapping={"field": self.field},
            )
        if self.code == "body_text_too_long":
            return _(
                "body_text_too_long",
                default='"${field}" is too long: at most ${max} characters.',
                mapping={"field": self.field, "max": TEXT_MAX},
            )
        return super().message


# --- Reading ------------------------------------------------------------------------


def media_type(request) -> str:
    value = request.getHeader("Content-Type") or ""
    return value.split(";", 1)[0].strip().lower()


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests objects and arrays deeper than ``limit``."""
    depth = 0
    for match in TOKENS.finditer(text):
        part = match.group()
        if part in "[{":
            depth += 1
            if depth > limit:
                return True
        elif part in "]}":
            depth -= 1
    return False


def parse(raw, limit: int = MAX_BODY) -> dict:
    """The JSON object in ``raw`` (bytes or text); BodyError when it is not one."""
    if raw is None:
        raw = b""
    if len(raw) > limit:
        raise BodyError("body_too_large")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BodyError("body_not_json") from None
    if not raw.strip():
        return {}
    if too_deep(raw):
        raise BodyError("body_too_deep")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise BodyError("body_not_json") from None
    if not isinstance(data, dict):
        raise BodyError("body_not_json")
    return data


def declared_length(request) -> int | None:
    try:
        return int(request.getHeader("Content-Length") or "")
    except ValueError:
        return None


def body_length(request) -> int:
    cache = IAnnotations(request)
    if LENGTH not in cache:
        cache[LENGTH] = len(request.get("BODY") or b"")
    return cache[LENGTH]


def json_object(request, limit: int = MAX_BODY) -> dict:
    """The request's body as a checked JSON object ({} when empty).

    The product's services read their body with this only."""
    if media_type(request) == MULTIPART:
        raise BodyError("body_media_type")
    length = declared_length(request)
    if (length or 0) > limit or body_length(request) > limit:
        raise BodyError("body_too_large")
    cache = IAnnotations(request)
    if CACHE not in cache:
        cache[CACHE] = parse(request.get("BODY"), limit)
    return cache[CACHE]


def text(data: dict, name: str, default: str = "") -> str:
    """A string value of the body (``default`` when missing or null)."""
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise BodyError("body_wrong_type", name)
    return value


def flag(data: dict, name: str, default: bool) -> bool:
    """A true/false value of the body (``default`` when missing)."""
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise BodyError("body_wrong_type", name)
    return value


# --- The check after traversal ------------------------------------------------------


def defined_in(published, modules: tuple) -> bool:
    """Whether the published view's class comes from one of ``modules``.

    plone.rest makes a class per service: its bases are the service's own."""
    return any(base.__module__.startswith(modules) for base in type(published).__mro__)


def has_body(request) -> bool:
    length = declared_length(request)
    if length is not None:
        return length > 0
    return bool(request.getHeader("Transfer-Encoding"))


def check_before_login(site, event) -> None:
    """A JSON write's body checked as traversal reaches the site.

    plone.restapi's login plugin reads a JSON body while authenticating, before
    ``check_write``; this keeps it from parsing a body nested too deeply."""
    request = event.request
    if not is_write(request) or media_type(request) != JSON:
        return
    alsoProvides(request, IBTIAPIRequest)
    json_object(request, MAX_ANY_BODY)


def is_write(request) -> bool:
    return (
        IBTIPortalLayer.providedBy(request)
        and IAPIRequest.providedBy(request)
        and request.method in WRITES
    )


def check_write(event) -> None:
    """Refuse REST writes on a BTI site that are not JSON (see the module)."""
    request = event.request
    if not (IBTIPortalLayer.providedBy(request) and IAPIRequest.providedBy(request)):
        return
    alsoProvides(request, IBTIAPIRequest)
    if request.method not in WRITES:
        return
    published = request.get("PUBLISHED")
    if defined_in(published, OWN_MEDIA_TYPES):
        return
    kind = media_type(request)
    allowed = getattr(published, "media_types", (JSON,))
    if not kind:
        if has_body(request):
            raise BodyError("body_media_type")
        return
    if kind not in allowed:
        raise BodyError("body_media_type")
    if kind == JSON:
        limit = MAX_BODY if defined_in(published, PRODUCT) else MAX_CONTENT_BODY
        json_object(request, getattr(published, "body_limit", limit))


# --- One error answer ---------------------------------------------------------------


def field_messages(errors: list) -> str:
    return " ".join(
        str(error.get("message", "")) for error in errors if isinstance(error, dict)
    )


def answer(error: Exception, request) -> tuple[int, dict]:
    """The status and JSON for an exception raised in a REST request."""
    if isinstance(error, CodedError):
        message = translate(error.message, context=request)
        return error.status, error_body(error.status, message, error.code)
    if isinstance(error, RecursionError):
        refused = BodyError("body_too_deep")
        message = translate(refused.message, context=request)
        return 400, error_body(400, message, refused.code)
    if isinstance(error, DeserializationError):
        if getattr(error, "msg", None) not in JSON_BODY_ERRORS:
            return 400, error_body(400, str(getattr(error, "msg", "")))
        refused = BodyError("body_not_json")
        message = translate(refused.message, context=request)
        return 400, error_body(400, message, refused.code)
    if isinstance(error, Forbidden):
        return 403, error_body(403, str(error))
    detail = error.args[0] if error.args else ""
    if isinstance(detail, list):
        body = error_body(400, field_messages(detail))
        body["error"]["errors"] = [
            {"field": item.get("field"), "message": str(item.get("message", ""))}
            for item in detail
            if isinstance(item, dict)
        ]
        return 400, body
    return 400, error_body(400, str(detail))


class ErrorReply(BrowserView):
    """The exception view (index.html) of refusals in a BTI REST request."""

    def __call__(self):
        status, body = answer(self.context, self.request)
        response = self.request.response
        response.setHeader("Content-Type", JSON)
        response.setStatus(status, lock=1)
        response.setBody(json.dumps(body, indent=2, sort_keys=True), lock=1)
        return None
