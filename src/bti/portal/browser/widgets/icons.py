"""Plone's icon resolver with the icon's label in the reader's language.

Form errors and status messages carry an icon whose SVG title (what a screen
reader says first: "Error", "Info") Plone passes untranslated. The same word
is translated in the plone domain, so "Feil", "خطأ", "Помилка" are read
before the message in every language the page is in.
"""

from Products.CMFPlone.browser.icons import IconsView
from zope.i18n import translate


class TranslatedIconsView(IconsView):
    def tag(self, name, tag_class="", tag_alt=""):
        if tag_alt:
            tag_alt = translate(tag_alt, domain="plone", context=self.request)
        return super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
