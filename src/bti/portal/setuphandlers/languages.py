"""The languages a family can choose: the site's own plus those of the family pages.

Plone negotiates each request's language; with cookie negotiation on, a link
with ``?set_language=ar`` sets the cookie I18N_LANGUAGE and every later page
(the family pages, "My logs", Plone's own labels) follows it. Only languages in
``plone.available_languages`` are accepted. The site's default language stays
first and stays the default: nothing changes for someone who never chooses.
"""

from bti.portal.content.family_page import FAMILY_LANGUAGES
from plone import api


def enable_family_languages() -> None:
    default = api.portal.get_registry_record("plone.default_language") or "nb"
    available = list(api.portal.get_registry_record("plone.available_languages") or [])
    wanted = [default, *available, *FAMILY_LANGUAGES]
    api.portal.set_registry_record(
        "plone.available_languages", list(dict.fromkeys(wanted))
    )
    api.portal.set_registry_record("plone.use_cookie_negotiation", True)
