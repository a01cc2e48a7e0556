"""Reading the request's form answers 400, not 500.

Zope converts ``?x:int=abc`` before traversal; its converters raise ValueError,
which the publisher turns into a 500 with a traceback in the log. Each converter
is wrapped so bad input is a BadRequest (400) with a short, translated message,
and so is the whole reading of the form (``processInputs``: unknown encodings
as in ``?x:rot13=a``, a record and a list of one name, bytes that are not text).

Zope reads the form before it forgets the previous request's user, so such an
error was rendered as that user (a Manager's traceback for anyone):
``forget_the_last_user`` (on IPubStart) forgets them first.
"""

from AccessControl.SecurityManagement import noSecurityManager
from bti.portal import _
from zExceptions import BadRequest
from ZPublisher import Converters
from ZPublisher.HTTPRequest import HTTPRequest


def bad_input(code: str, message) -> BadRequest:
    """A 400 whose reason the reader may see: ``code`` as Zope's message,
    ``message`` (translatable) for the error page, in the reader's language.

    A plain BadRequest: Zope takes the status from the exception's class name.
    """
    error = BadRequest(code)
    error.reader_message = message
    return error


def reader_message(error):
    """What ``bad_input`` gave ``error`` for the reader, else None."""
    return getattr(error, "reader_message", None)


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


def _reading_the_form_or_400(process):
    def processInputs(self, *args, **kwargs):
        try:
            return process(self, *args, **kwargs)
        except BadRequest:
            raise
        except (LookupError, AttributeError, TypeError, ValueError):
            raise bad_input("form_value_invalid", FORM_VALUE) from None

    processInputs.bti_wrapped = True
    return processInputs


def forget_the_last_user(event) -> None:
    """IPubStart: no user until this request's own is known."""
    noSecurityManager()


def install() -> None:
    """Wrap every converter and the form's reading once (idempotent)."""
    for name, convert in list(Converters.type_converters.items()):
        if not getattr(convert, "bti_wrapped", False):
            Converters.type_converters[name] = _answering_400(name, convert)
    if not getattr(HTTPRequest.processInputs, "bti_wrapped", False):
        HTTPRequest.processInputs = _reading_the_form_or_400(HTTPRequest.processInputs)


install()  # on import: bti.portal.browser.errors imports this module
