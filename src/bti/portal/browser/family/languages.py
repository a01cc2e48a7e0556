"""The language switcher of the family pages and "My logs".

Choosing a language is a link with ``?set_language=<code>``: Plone's language
negotiation (cookie I18N_LANGUAGE, turned on by
bti.portal.setuphandlers.languages) sets the cookie and renders that page, and
every page after it, in the chosen language.
"""

from bti.portal.content.family_page import current_language
from bti.portal.content.family_page import direction
from bti.portal.content.family_page import FAMILY_LANGUAGES
from bti.portal.content.family_page import LANGUAGE_NAMES
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


def with_language(url: str, code: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}set_language={code}"


def choices(current: str, targets: dict) -> list[dict]:
    """``targets``: language -> URL of the page in that language."""
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": with_language(targets[code], code),
            "current": code == current,
            "dir": direction(code),
        }
        for code in FAMILY_LANGUAGES
        if code in targets
    ]


class LanguageSwitcherMixin:
    """For views: ``language_switcher()`` renders the list of choices."""

    switcher_template = ViewPageTemplateFile("templates/switcher.pt")

    def language_targets(self) -> dict:
        """language -> URL; by default this very view in every language."""
        url = f"{self.context.absolute_url()}/@@{self.__name__}"
        return dict.fromkeys(FAMILY_LANGUAGES, url)

    def language(self) -> str:
        return current_language(self.context)

    def direction(self) -> str:
        return direction(self.language())

    def language_switcher(self) -> str:
        return self.switcher_template(
            languages=choices(self.language(), self.language_targets())
        )
