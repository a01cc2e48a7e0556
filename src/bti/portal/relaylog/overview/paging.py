"""Page numbers from a request form: a whole number in a range, else a clear
400 (``PagingError``, with a code and a translated message)."""

from bti.portal import _
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.errors import page_error
from typing import ClassVar

import re


_WHOLE = re.compile(r"-?[0-9]{1,18}")


class PagingError(CodedError):
    messages: ClassVar[dict] = {}

    def __init__(self, code: str, name: str, low: int, high: int):
        super().__init__(code)
        mapping = {"name": name, "low": low, "high": high}
        self.messages = {
            "paging_not_whole": _(
                "paging_not_whole",
                default="${name} must be a whole number.",
                mapping=mapping,
            ),
            "paging_out_of_range": _(
                "paging_out_of_range",
                default="${name} must be between ${low} and ${high}.",
                mapping=mapping,
            ),
        }


def whole(form, name: str, default: int, low: int, high: int) -> int:
    """``form[name]`` as a whole number from ``low`` to ``high`` (``default``
    when missing or empty); PagingError for anything else."""
    value = form.get(name)
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        # A float (``:float``), a list, a record: not a whole number.
        raise PagingError("paging_not_whole", name, low, high)
    # Digits 0-9 only: int() would also take "1_0", "+1", " 1 " and other
    # scripts' digits, and a number of thousands of digits.
    if isinstance(value, str) and not _WHOLE.fullmatch(value):
        raise PagingError("paging_not_whole", name, low, high)
    number = int(value)
    if not low <= number <= high:
        raise PagingError("paging_out_of_range", name, low, high)
    return number


def whole_or_400(form, name: str, default: int, low: int, high: int) -> int:
    """``whole`` for a page: a 400 whose page says what was wrong."""
    try:
        return whole(form, name, default, low, high)
    except PagingError as error:
        raise page_error(error) from None
