"""Values kept for the rest of one request: what every row of a long page
would otherwise work out again (a state's translated title, the reader's
language), under the language negotiated for the request. Without a request
or a negotiated language (scripts, some tests), each call computes."""

from collections.abc import Callable
from typing import TypeVar
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


KEY = "bti.portal.memo"
T = TypeVar("T")


def for_reader(key: tuple, compute: Callable[[], T]) -> T:
    request = getRequest()
    language = request.get("LANGUAGE") if request is not None else None
    if not language:
        return compute()
    memo = IAnnotations(request).setdefault(KEY, {})
    key = (language, *key)
    if key not in memo:
        memo[key] = compute()
    return memo[key]
