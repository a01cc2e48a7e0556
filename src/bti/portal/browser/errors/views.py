"""Error pages that say nothing of a log or a concern.

Zope renders an error with the exception view ``index.html``, wrapped in the
object where the error happened; Plone's template then draws that object's
title, breadcrumbs, navigation portlet and workflow state around the message.
For anything at or below the log folder (a log and everything in it, a
concern, a unit) this view draws a neutral page on the site root instead: no
portlets, no breadcrumbs below the site, only the kind of error and the ways
back (the front page, "Mine logger"). A page that is not found anywhere on
the site gets the same page (after Plone's redirect for moved content); other
errors elsewhere keep Plone's page.

The page reads the reader's language as family pages do: their choice in the
switcher (the cookie), else their browser's language (one the site offers),
else the site's. Zope renders a 404 before it knows who asks, so the page does
not ask who the user is.

A form refused for its missing or old token (plone.protect) says so: the
form was not sent, nothing was saved, open the page again; not "no access".

``insufficient-privileges`` (where the login challenge sends logged-in people)
and ``forbidden_page`` (for views that refuse by themselves) draw the same page.

Bad input (a 400) draws it too, with what was wrong: below the log folder
always, elsewhere when the error carries a reason for the reader
(``input_errors.bad_input``; others keep Plone's page). Never "try again".
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from bti.portal.browser.family.browser_language import browser_language
from bti.portal.browser.family.browser_language import read_in
from bti.portal.content.concern import IConcern
from bti.portal.content.log_folder import ILogFolder
from bti.portal.content.relay_log import IRelayLog
from bti.portal.input_errors import reader_message
from plone import api
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from Products.CMFPlone.browser import exceptions as plone_exceptions
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import BadRequest
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zExceptions import NotFound
from zExceptions import Unauthorized

import contextlib
import os


PLONE_TEMPLATES = os.path.join(os.path.dirname(plone_exceptions.__file__), "templates")
PRIVATE = (IRelayLog, IConcern, ILogFolder)

FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
BAD_REQUEST = "bad_request"
STALE_FORM = "stale_form"
ERROR = "error"
# plone.protect's refusal of a form without a valid token (``CheckAuthenticator``).
REFUSED_FORM = "Form authenticator is invalid."


def is_private(obj) -> bool:
    """Whether ``obj`` is the log folder or anything in it (logs, concerns, units)."""
    if obj is None:
        return False
    try:
        chain = aq_chain(aq_inner(obj))
    except TypeError:
        return False
    return any(marker.providedBy(item) for item in chain for marker in PRIVATE)


def kind_of(exc_type, error=None) -> str:
    if isinstance(error, Forbidden) and error.args == (REFUSED_FORM,):
        return STALE_FORM
    if isinstance(exc_type, type):
        if issubclass(exc_type, (Unauthorized, Forbidden)):
            return FORBIDDEN
        if issubclass(exc_type, NotFound):
            return NOT_FOUND
        if issubclass(exc_type, (BadRequest, MethodNotAllowed)):
            return BAD_REQUEST
    return ERROR


class NeutralErrorPage(BrowserView):
    """The error page on the site root; knows nothing of where the error was."""

    __name__ = "insufficient-privileges"
    index = ViewPageTemplateFile("templates/neutral_error.pt")

    def __init__(self, context, request, kind: str = FORBIDDEN, message=None):
        super().__init__(context, request)
        self.kind = kind
        self.message = message

    def __call__(self) -> str:
        self.request.set("disable_border", True)
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        return self.index()

    def portal_url(self) -> str:
        return api.portal.get().absolute_url()

    def page_url(self) -> str:
        """The address asked for, without its query (a form opens again)."""
        return self.request.get("ACTUAL_URL") or self.portal_url()

    def my_logs_url(self) -> str:
        return f"{self.portal_url()}/@@my-logs"

    def logged_in(self) -> bool:
        return not api.user.is_anonymous()


def read_as_the_reader(request) -> None:
    """The reader's browser language unless they chose one (the site's else)."""
    with contextlib.suppress(api.exc.CannotGetPortalError):
        choice = browser_language(request)
        if choice is not None:
            read_in(request, choice)


def neutral_page(request, kind: str = FORBIDDEN, message=None) -> str:
    """The neutral error page, rendered on the site root in the reader's language."""
    read_as_the_reader(request)
    page = NeutralErrorPage(api.portal.get(), request, kind, message)
    return page()


def forbidden_page(request, message=None) -> str:
    """For a view that refuses by itself: status 403 and the neutral page."""
    request.response.setStatus(403)
    return neutral_page(request, FORBIDDEN, message)


class ExceptionView(plone_exceptions.ExceptionView):
    """Plone's exception view, neutral for errors below the log folder."""

    index = ViewPageTemplateFile("error_message.pt", _prefix=PLONE_TEMPLATES)

    def __call__(self):
        if IAPIRequest.providedBy(self.request):
            # REST keeps plone.rest's JSON errors (this view would shadow them).
            return ErrorHandling(self.context, self.request)()
        exc_type = type(self.context)
        kind = kind_of(exc_type, self.context)
        if not is_private(self.__parent__):
            wants_a_page = "text/html" in self.request.getHeader("Accept", "")
            ours = kind in (NOT_FOUND, STALE_FORM) or reader_message(self.context)
            if not ours or not wants_a_page:
                return super().__call__()  # Plone's page, or its JSON
            if kind == NOT_FOUND and self.plone_redirector_view.attempt_redirect():
                return None  # moved content: Plone sets the new location
        # No similar items, no context: nothing of the place.
        self.request.response.setStatus(exc_type)
        return neutral_page(self.request, kind, reader_message(self.context))


class InsufficientPrivilegesView(BrowserView):
    """Plone's insufficient-privileges page, neutral and with a 403 status."""

    def __call__(self) -> str:
        return forbidden_page(self.request)
