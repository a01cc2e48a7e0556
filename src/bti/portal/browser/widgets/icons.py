"""Plone's icon resolver with the icon's label in the reader's language, and
each SVG read once.

Form errors and status messages carry an icon whose SVG title (what a screen
reader says first: "Error", "Info") Plone passes untranslated. The same word
is translated in the plone domain, so "Feil", "خطأ", "Помилка" are read
before the message in every language the page is in.

Plone opens and parses the SVG file on every call (a page asks for dozens);
the markup depends only on the file the registry names, the class and the
label, so it is kept under those.
"""

from Products.CMFPlone.browser.icons import IconsView
from zope.i18n import translate


KEPT = 1000  # different icon, class and label combinations kept at most
_markup: dict[tuple[str, str, str], str] = {}


class TranslatedIconsView(IconsView):
    def tag(self, name, tag_class="", tag_alt=""):
        if tag_alt:
            tag_alt = translate(tag_alt, domain="plone", context=self.request)
        icon = self.lookup(name)
        if not icon.endswith(".svg"):  # an <img> with this site's URL
            return super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
        key = (icon, tag_class, tag_alt)
        found = _markup.get(key)
        if found is None:
            found = super().tag(name, tag_class=tag_class, tag_alt=tag_alt)
            if len(_markup) >= KEPT:
                _markup.clear()
            _markup[key] = found
        return found
