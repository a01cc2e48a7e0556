"""A 400 whose reason the reader may see (``bad_input``); the error pages
show ``reader_message`` in the reader's language."""

from zExceptions import BadRequest


def bad_input(code: str, message) -> BadRequest:
    """A BadRequest with ``code`` as Zope's message and ``message``
    (translatable) for the error page.

    A plain BadRequest: Zope takes the status from the exception's class name.
    """
    return with_reason(BadRequest(code), message)


def with_reason(error: Exception, message) -> Exception:
    """``error`` carrying ``message`` (translatable) for the error page."""
    error.reader_message = message
    return error


def reader_message(error):
    """What ``bad_input`` gave ``error`` for the reader, else None."""
    return getattr(error, "reader_message", None)
