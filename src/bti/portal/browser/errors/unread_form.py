"""A 400 for a form Zope could not read (``?x:int=abc``, ``?x:rot13=a``).

Zope reads the form before it traverses: there is no site yet, so neither
the product's error page nor its layer is there, and Plone's fallback page is
English. For such an error (one that carries a reason for the reader,
``input_errors.bad_input``) this page says what was wrong in the browser's
language (bokmål, nynorsk, English, and the families' Arabic and Ukrainian;
bokmål else), with a way to the front
page. Every other error, and every error on a site, goes to the exception
view as before.
"""

from bti.portal import _
from bti.portal.browser.errors.views import ExceptionView
from bti.portal.domain.languages import browser_choice
from bti.portal.input_errors import reader_message
from bti.portal.interfaces import IBTIPortalLayer
from html import escape
from plone.rest.interfaces import IAPIRequest
from zope.i18n import translate


LANGUAGES = ("nb", "nn", "en", "ar", "uk")
RIGHT_TO_LEFT = frozenset({"ar"})
HEADING = _("heading_error_bad_request", default="The page cannot use this address")
FRONT_PAGE = _("link_error_front_page", default="Go to the front page")


def unread_form_page(request, message) -> str:
    header = request.get_header("Accept-Language")
    language = browser_choice(header, LANGUAGES) or LANGUAGES[0]

    def text(msgid) -> str:
        return escape(translate(msgid, target_language=language))

    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    request.response.setStatus(400)
    request.response.setHeader("Content-Type", "text/html; charset=utf-8")
    request.response.setHeader("Cache-Control", "no-store")
    return (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(HEADING)}</title></head>"
        f'<body><main id="bti-error-page"><h1>{text(HEADING)}</h1>'
        f"<p>{text(message)}</p>"
        f'<p><a href="/">{text(FRONT_PAGE)}</a></p></main></body></html>'
    )


class BadRequestView(ExceptionView):
    """``index.html`` for a BadRequest on any request: before a site, with a
    reason, to a browser, this page; else the exception view as before."""

    def __call__(self):
        message = reader_message(self.context)
        if (
            message is not None
            and not IBTIPortalLayer.providedBy(self.request)
            and not IAPIRequest.providedBy(self.request)
            and "text/html" in self.request.getHeader("Accept", "")
        ):
            return unread_form_page(self.request, message)
        return super().__call__()
