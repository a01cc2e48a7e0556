"""Reading the request's form answers 400, not 500.

Zope converts ``?x:int=abc`` before traversal; its converters raise ValueError,
which the publisher turns into a 500 with a traceback in the log. Each converter
is wrapped so bad input is a BadRequest (400) with a short, translated message,
and so is the whole reading of the form (``processInputs``: unknown encodings
as in ``?x:rot13=a``, a record and a list of one name, bytes that are not text).

Zope reads the form before it forgets the previous request's user, so such an
error was rendered as that user (a Manager's traceback for anyone):
``forget_the_last_user`` (on IPubStart) forgets them first. A form token
that is neither text nor a list of it (``_authenticator:tokens=``) is no
token (plone.protect raised on it: a 500).

A PUT, DELETE, PROPFIND... on a view (``/@@dashboard``) fails in Zope's
traversal: the last name must not be acquired for WebDAV methods, and a view
is no attribute, so an AttributeError escaped as a 500. It is a 405 now.
"""

from AccessControl.SecurityManagement import noSecurityManager
from bti.portal import _
from bti.portal.input_errors import bad_input
from bti.portal.input_errors import with_reason
from zExceptions import BadRequest
from zExceptions import MethodNotAllowed
from zope.publisher.interfaces.browser import IBrowserView
from ZPublisher import Converters
from ZPublisher.BaseRequest import BaseRequest
from ZPublisher.HTTPRequest import HTTPRequest

import logging


logger = logging.getLogger(__name__)


FORM_VALUE = _(
    "form_value_invalid",
    default="A value in the address is not of the kind this page expects.",
)


def _answering_400(name, convert):
    def converter(value):
        try:
            return convert(value)
        except Exception:  # DateTime raises its own error types
            raise bad_input("form_value_invalid", FORM_VALUE) from None

    converter.bti_wrapped = True
    if getattr(convert, "binary", False):
        converter.binary = True
    return converter


AUTHENTICATOR_FIELD = "_authenticator"


def _one_token(form: dict) -> None:
    """plone.protect reads the token as text, or the first of a list (a page
    may carry it twice); an empty list or a record of it was a 500: it is
    no token at all."""
    token = form.get(AUTHENTICATOR_FIELD)
    if token is None or isinstance(token, str):
        return
    if isinstance(token, list) and token and isinstance(token[0], str):
        return
    form[AUTHENTICATOR_FIELD] = ""


def _reading_the_form_or_400(process):
    def processInputs(self, *args, **kwargs):
        try:
            read = process(self, *args, **kwargs)
        except BadRequest:
            raise
        except (LookupError, AttributeError, TypeError, ValueError) as error:
            logger.info("A form Zope cannot read: %s", type(error).__name__)
            raise bad_input("form_value_invalid", FORM_VALUE) from None
        _one_token(self.form)
        return read

    processInputs.bti_wrapped = True
    return processInputs


READ_OR_POST = ("GET", "POST", "HEAD")
METHOD = _(
    "method_not_allowed",
    default="This page can only be opened or sent from a web browser.",
)


def _webdav_on_a_view(request, error: AttributeError) -> bool:
    """Zope's refusal to acquire the last name of a WebDAV request, where
    that name is a view (not content, not a REST wrapper: those are Zope's
    and plone.rest's own)."""
    if request.get("REQUEST_METHOD", "GET") in READ_OR_POST:
        return False
    steps = getattr(request, "steps", None) or [None]
    parents = request.get("PARENTS") or [None]
    return error.args == (steps[-1],) and IBrowserView.providedBy(parents[0])


def _traversing_or_405(traverse):
    def traverse_(self, *args, **kwargs):
        try:
            return traverse(self, *args, **kwargs)
        except AttributeError as error:
            if not _webdav_on_a_view(self, error):
                raise
            logger.debug("%s on a view: 405", self.get("REQUEST_METHOD"))
            refused = with_reason(MethodNotAllowed(self["REQUEST_METHOD"]), METHOD)
            refused.setHeader("Allow", ", ".join(READ_OR_POST))
            raise refused from None

    traverse_.bti_wrapped = True
    return traverse_


def forget_the_last_user(event) -> None:
    """IPubStart: no user until this request's own is known."""
    noSecurityManager()


def install() -> None:
    """Wrap every converter, the form's reading and traversal once (idempotent)."""
    for name, convert in list(Converters.type_converters.items()):
        if not getattr(convert, "bti_wrapped", False):
            Converters.type_converters[name] = _answering_400(name, convert)
    if not getattr(HTTPRequest.processInputs, "bti_wrapped", False):
        HTTPRequest.processInputs = _reading_the_form_or_400(HTTPRequest.processInputs)
    if not getattr(BaseRequest.traverse, "bti_wrapped", False):
        BaseRequest.traverse = _traversing_or_405(BaseRequest.traverse)


install()  # on import: bti.portal.browser.errors imports this module
