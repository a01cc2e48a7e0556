"""Values kept for the rest of one request: what every row of a long page
would otherwise work out again (a state's translated title, the reader's
language), under the language negotiated for the request. Without a request
or a negotiated language (scripts, some tests), each call computes."""

from collections.abc import Callable
from plone import api
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


def translated(message) -> str:
    """``api.portal.translate(message)``, once per request for a message
    without a mapping (a state, a flag, a vocabulary term)."""
    if getattr(message, "mapping", None):
        return api.portal.translate(message)
    key = ("message", getattr(message, "domain", None), str(message))
    key += (getattr(message, "default", None),)
    return for_reader(key, lambda: api.portal.translate(message))
