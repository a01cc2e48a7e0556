"""HTTP caching: public guide pages may sit in a proxy, nothing else may.

plone.app.caching gives the guide views (guide-navigator, level-view,
step-view) the ruleset ``bti.guide``: moderateCaching for anonymous readers
only (a short s-maxage and ETags, purged on edit through plone.cachepurging).
The last word is ``private_response``, run after plone.caching's own hook on
every response: a logged-in request (user, ``__ac`` cookie or Authorization
header), anything under the log folder, the personal views, and any response
that no rule made cacheable answer ``Cache-Control: private, no-store``.
"""

from AccessControl.SecurityManagement import getSecurityManager
from bti.portal.content.log_folder import ILogFolder

import re


RULESET = "bti.guide"
GUIDE_VIEWS = ("guide-navigator", "level-view", "step-view")
PRIVATE = "private, no-store, max-age=0"
# Personal views outside the log folder (site root, navigation root).
PERSONAL_NAMES = frozenset({
    "my-logs",
    "log-overview",
    "logs-overview",
    "my-meetings",
    "my-activities",
    "my-reminders",
    "family-page",
    "family-pages",
})
SHARED = re.compile(r"(^|,)\s*(public|s-maxage=[1-9])", re.IGNORECASE)


def _authenticated(request) -> bool:
    if request.get_header("Authorization") or request.cookies.get("__ac"):
        return True
    user = getSecurityManager().getUser()
    return user is not None and user.getUserName() != "Anonymous User"


def _under_log_folder(request) -> bool:
    return any(ILogFolder.providedBy(parent) for parent in request.get("PARENTS", ()))


def _personal(request) -> bool:
    path = request.get("PATH_INFO", "") or ""
    names = {segment.lstrip("@") for segment in path.split("/") if segment}
    return bool(names & PERSONAL_NAMES)


def is_private(request) -> bool:
    return _authenticated(request) or _under_log_folder(request) or _personal(request)


def private_response(event):
    """IPubBeforeCommit, IPubBeforeStreaming and IPubBeforeAbort (error
    answers): the last say on Cache-Control."""
    request = event.request
    response = request.response
    cache_control = response.getHeader("Cache-Control") or ""
    if not is_private(request) and SHARED.search(cache_control):
        return
    response.setHeader("Cache-Control", PRIVATE)
    response.setHeader("Expires", "Sat, 1 Jan 2000 00:00:00 GMT")
