"""Form value converters that answer 400, not 500.

Zope converts ``?x:int=abc`` before traversal; its converters raise ValueError,
which the publisher turns into a 500 with a traceback in the log. Each converter
is wrapped so bad input is a BadRequest (400) with a short message.
"""

from zExceptions import BadRequest
from ZPublisher import Converters


def _answering_400(name, convert):
    def converter(value):
        try:
            return convert(value)
        except Exception:  # DateTime raises its own error types
            raise BadRequest(f"The value is not a valid {name}.") from None

    converter.bti_wrapped = True
    if getattr(convert, "binary", False):
        converter.binary = True
    return converter


def install() -> None:
    """Wrap every converter once (idempotent)."""
    for name, convert in list(Converters.type_converters.items()):
        if not getattr(convert, "bti_wrapped", False):
            Converters.type_converters[name] = _answering_400(name, convert)


install()  # on import: bti.portal.browser.errors imports this module
