"""A page for families (with its translations) and the folder that lists them."""

from bti.portal import _
from bti.portal.browser.family.languages import LanguageSwitcherMixin
from bti.portal.content.family_page import all_pages
from bti.portal.content.family_page import direction
from bti.portal.content.family_page import FAMILY_LANGUAGES
from bti.portal.content.family_page import LANGUAGE_NAMES
from bti.portal.content.family_page import pages_in
from bti.portal.content.family_page import site_language
from bti.portal.content.family_page import translations
from plone import api
from Products.Five.browser import BrowserView


def page_link(page) -> dict:
    return {
        "title": page.Title(),
        "description": page.Description(),
        "url": page.absolute_url(),
        "lang": page.language,
        "dir": direction(page.language),
    }


class FamilyPageView(LanguageSwitcherMixin, BrowserView):
    """The page in its own language (lang and dir on the content), a switcher
    to its translations, and the other pages in the same language."""

    def language(self) -> str:
        return self.context.language

    def language_targets(self) -> dict:
        return {
            code: page.absolute_url()
            for code, page in translations(self.context).items()
        }

    def text(self) -> str:
        text = getattr(self.context, "text", None)
        return text.output_relative_to(self.context) if text else ""

    def more_pages(self) -> list[dict]:
        return [
            page_link(page)
            for page in pages_in(self.context.language)
            if page.UID() != self.context.UID()
        ]

    def my_logs_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@my-logs"

    def my_logs_label(self) -> str:
        """In the page's own language, like the text around it."""
        label = _("family_open_my_logs", default="Open my logs")
        return api.portal.translate(label, lang=self.context.language)

    def missing_translations(self) -> list[dict]:
        """For editors: an add link per language the page is not yet in."""
        container = self.context.aq_parent
        if not api.user.has_permission("bti.portal: Add FamilyPage", obj=container):
            return []
        have = translations(self.context)
        return [
            {
                "name": LANGUAGE_NAMES[code],
                "url": f"{container.absolute_url()}/++add++FamilyPage"
                f"?form.widgets.language:list={code}"
                f"&form.widgets.translation_group={self.context.translation_group}",
            }
            for code in FAMILY_LANGUAGES
            if code not in have
        ]


class FamilyPagesView(LanguageSwitcherMixin, BrowserView):
    """A folder of family pages: the pages in the chosen language."""

    def pages(self) -> list[dict]:
        found = pages_in(self.language())
        if not found:
            found = pages_in(site_language())
        return [page_link(page) for page in found]

    def language_targets(self) -> dict:
        url = self.context.absolute_url()
        present = {page.language for page in all_pages()}
        return {code: url for code in FAMILY_LANGUAGES if code in present}
