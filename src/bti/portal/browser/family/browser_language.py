"""Families read in their browser's language until they choose one.

Plone negotiates the language before it knows who asks (the cookie
I18N_LANGUAGE that ``?set_language=`` sets, else the site's language). After
traversal, when the user and the page are known, a request without that
explicit choice follows Accept-Language (one of the family languages the site
offers) if it comes from a family member (``bti.portal.users.is_family_user``)
anywhere, or from anyone on the pages for families or on the way in (the
login page and its help: nobody is known there yet, and a family member must
be able to read it). Staff keep the site's language: their browser's
language never changes their screens once they are logged in.
"""

from Acquisition import aq_base
from bti.portal.content.family_page import FAMILY_LANGUAGES
from bti.portal.content.family_page import IFamilyPage
from bti.portal.domain.languages import browser_choice
from bti.portal.users import is_family_user
from plone import api
from plone.i18n.utility import LanguageBinding

import contextlib


COOKIE = "I18N_LANGUAGE"
FAMILY_VIEWS = frozenset({"my-logs", "family-page", "family-pages"})
# Plone's login page (both names) and its help, read before anyone is known.
LOGIN_VIEWS = frozenset({"login", "login_form", "login-help"})


def on_family_pages(request) -> bool:
    for obj in request.get("PARENTS", ()):
        if IFamilyPage.providedBy(obj):
            return True
        layout = getattr(aq_base(obj), "layout", None)
        if layout in FAMILY_VIEWS:
            return True
    published = request.get("PUBLISHED")
    return getattr(published, "__name__", None) in FAMILY_VIEWS


def on_the_way_in(request) -> bool:
    published = request.get("PUBLISHED")
    return getattr(published, "__name__", None) in LOGIN_VIEWS


def offered() -> list[str]:
    available = api.portal.get_registry_record(
        "plone.available_languages", default=None
    )
    return [code for code in FAMILY_LANGUAGES if code in (available or ())]


def explicit_choice(request, available) -> bool:
    return bool(request.form.get("set_language")) or (
        request.cookies.get(COOKIE) in available
    )


def browser_language(request) -> str | None:
    """The offered family language the browser asks for (Accept-Language),
    unless the reader chose one (``?set_language=``, the cookie) or Plone did
    not negotiate (no language binding)."""
    header = request.get_header("Accept-Language")
    if not header or not isinstance(request.get("LANGUAGE_TOOL"), LanguageBinding):
        return None
    available = offered()
    if explicit_choice(request, available):
        return None
    return browser_choice(header, available)


def read_in(request, language: str) -> None:
    """Render the rest of this request in ``language``."""
    request.response.appendHeader("Vary", "Accept-Language")
    request["LANGUAGE_TOOL"].LANGUAGE = language
    request["LANGUAGE"] = language


def follow_the_browser(event) -> None:
    """IPubAfterTraversal: the family's browser language, if no choice was made."""
    request = event.request
    with contextlib.suppress(api.exc.CannotGetPortalError):
        choice = browser_language(request)
        if choice is None:
            return
        user = api.user.get_current()
        if not (
            is_family_user(user) or on_family_pages(request) or on_the_way_in(request)
        ):
            return
        read_in(request, choice)
