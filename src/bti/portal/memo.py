"""Values kept for the rest of one request: what every row of a long page
would otherwise work out again (a state's translated title, the reader's
language, under the language negotiated for the request; a site's tool).
Without a request (scripts) or a negotiated language, each call computes.

A tool: Plone's getToolByName rewraps the tool in the request on every call,
comparing acquisition wrappers, each comparison a failed attribute lookup
through the site root and its skins; a log page asked for tools 275 times."""

from collections.abc import Callable
from plone import api
from typing import TypeVar
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
from zope.i18n import translate as zope_translate


KEY = "bti.portal.memo"
T = TypeVar("T")


def _kept(request, key: tuple, compute: Callable[[], T]) -> T:
    memo = IAnnotations(request).setdefault(KEY, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def for_reader(key: tuple, compute: Callable[[], T]) -> T:
    request = getRequest()
    language = request.get("LANGUAGE") if request is not None else None
    if not language:
        return compute()
    return _kept(request, (language, *key), compute)


def translate(message) -> str:
    """``api.portal.translate(message)`` without looking the translation
    service up on the site (a failed attribute lookup through the site root
    per call): what that tool does with it."""
    return zope_translate(message, domain="plone", context=getRequest())


def translated(message) -> str:
    """``translate(message)``, once per request for a message without a
    mapping (a state, a flag, a vocabulary term)."""
    if getattr(message, "mapping", None):
        return translate(message)
    key = ("message", getattr(message, "domain", None), str(message))
    key += (getattr(message, "default", None),)
    return for_reader(key, lambda: translate(message))


def tool(name: str):
    """``api.portal.get_tool(name)`` of the current site, once per request."""
    request = getRequest()
    site = getSite()
    if request is None or site is None:
        return api.portal.get_tool(name)
    key = ("tool", name, site.getPhysicalPath())
    return _kept(request, key, lambda: api.portal.get_tool(name))
