"""Record every published request that reaches a Stafettlogg or anything inside it.

A request is about a log when a RelayLog is in the acquisition chain of what was
published: the view's or service's context, a bare object or method, or (when
traversal failed, say Unauthorized or NotFound) the objects traversed so far.
Who, which log, path and method are taken right after traversal; the record is
appended once the outcome is known: after the commit (IPubSuccess) or after the
abort (IPubFailure). Nothing is written to the ZODB. A success whose record
cannot be written is turned into an error, so no read goes unrecorded.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from Acquisition import aq_chain
from bti.portal import logger
from bti.portal.audit.store import store_for_site
from bti.portal.domain import audit
from bti.portal.relaylog import find_log as log_around
from plone.rest.interfaces import IAPIRequest
from plone.rest.interfaces import IService
from plone.uuid.interfaces import IUUID
from Products.CMFCore.interfaces import ISiteRoot
from urllib.parse import urlsplit
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.audit"


def after_traversal(event) -> None:
    request = event.request
    target = describe(request)
    if target is not None:
        IAnnotations(request)[KEY] = target


def after_success(event) -> None:
    request = event.request
    target = IAnnotations(request).get(KEY)
    if target is None or target.get("recorded"):
        return
    try:
        record(target, status=request.response.getStatus(), denied=False)
    except Exception:
        logger.exception("audit record not written; the response is refused")
        raise


def after_failure(event) -> None:
    if event.retry:  # a ConflictError: the request runs again and is recorded then
        return
    request = event.request
    error = event.exc_info[1]
    status = error.getStatus() if hasattr(error, "getStatus") else 500
    denied = isinstance(error, (Unauthorized, Forbidden))
    try:  # never break Zope's error handling
        target = IAnnotations(request).get(KEY) or describe(request)
        if target is not None and not target.get("recorded"):
            record(target, status=status, denied=denied)
    except Exception:
        logger.exception("audit record of a failed request not written")


def record(target: dict, *, status: int, denied: bool) -> None:
    target["recorded"] = True
    store_for_site(target["site_id"]).append(
        user_id=target["user_id"],
        log_uid=target["log_uid"],
        action=audit.action_for(
            target["method"],
            target["names"],
            rest=target["rest"],
            denied=denied,
            cancelled=target.get("cancelled", False),
        ),
        path=target["path"],
        method=target["method"],
        status=status,
    )


def describe(request) -> dict | None:
    """Who asks for which log and how; None when the request is not about a log."""
    log = find_log(request)
    if log is None:
        return None
    site = next((obj for obj in aq_chain(log) if ISiteRoot.providedBy(obj)), None)
    path = urlsplit(request.get("ACTUAL_URL") or request.get("URL", "")).path
    published = request.get("PUBLISHED")
    return {
        "site_id": site.getId() if site is not None else "zope",
        "log_uid": IUUID(log, ""),
        "user_id": user_id(request, log),
        "path": path,
        "names": names_below(path, log.getId()),
        "method": request.get("REQUEST_METHOD", "GET"),
        "rest": IAPIRequest.providedBy(request) or IService.providedBy(published),
        "cancelled": cancelled(request),
    }


def cancelled(request) -> bool:
    """A form sent with its cancel button (z3c.form: ``form.buttons.cancel``)."""
    if request.get("REQUEST_METHOD", "GET").upper() != "POST":
        return False
    form = getattr(request, "form", None) or {}
    return any(str(key).endswith("buttons.cancel") for key in form)


def names_below(path: str, log_id: str) -> list[str]:
    """The path segments after the log's own (all of them if it is not there)."""
    segments = [segment for segment in path.split("/") if segment]
    if log_id in segments:
        last = len(segments) - 1 - segments[::-1].index(log_id)
        return segments[last + 1 :]
    return segments


def find_log(request):
    published = request.get("PUBLISHED")
    candidates = [published] if published is not None else []
    for name in ("context", "__self__"):  # views and services; bound methods
        related = (
            getattr(aq_base(published), name, None) if published is not None else None
        )
        if related is not None:
            candidates.append(related)
    candidates.extend(request.get("PARENTS") or ())
    for candidate in candidates:
        log = log_around(candidate)
        if log is not None:
            return log
    return None


def user_id(request, context) -> str:
    """The user's id, never a name. A request refused during traversal has no
    user in the security manager: then the site's credentials tell who it was."""
    user = getSecurityManager().getUser()
    userid = user.getId() if user is not None else None
    return userid or credentials_user_id(request, context) or audit.ANONYMOUS


def credentials_user_id(request, context) -> str | None:
    for obj in aq_chain(context):
        if getattr(aq_base(obj), "acl_users", None) is None:
            continue
        folder = obj.acl_users
        try:
            if hasattr(aq_base(folder), "_extractUserIds"):  # PluggableAuthService
                found = folder._extractUserIds(request, folder.plugins)
                if found:
                    return found[0][0]
            else:
                name, password = folder.identify(request._auth)
                user = folder.authenticate(name, password, request)
                if user is not None:
                    return user.getId()
        except Exception:  # an unreadable credential: anonymous for the audit
            logger.debug("no user from credentials", exc_info=True)
    return None
