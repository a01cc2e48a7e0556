"""FamilyPage: a plain-language page for families, in one language.

Translations of a page share a ``translation_group`` (a short key such as
"consent"): the page in bokmål, nynorsk, English, Arabic and Ukrainian are the
same page in five languages, and each lists the others in its language switcher.
This keeps translations linked without plone.app.multilingual's language root
folders, which would restructure the site.
"""

from bti.portal import _
from plone import api
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


# The languages of the family pages: the sites' own, English, and two languages
# common among newly arrived families. Arabic is written right to left.
FAMILY_LANGUAGES = ("nb", "nn", "en", "ar", "uk")
RIGHT_TO_LEFT = frozenset({"ar"})
# Each language named in itself, so a reader finds their own.
LANGUAGE_NAMES = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "en": "English",
    "ar": "العربية",
    "uk": "Українська",
}

LANGUAGE_VOCABULARY = SimpleVocabulary([
    SimpleTerm(code, code, LANGUAGE_NAMES[code]) for code in FAMILY_LANGUAGES
])


def direction(language: str) -> str:
    """ "rtl" or "ltr" for a language code ("ar", "ar-EG", "nb")."""
    return "rtl" if (language or "")[:2] in RIGHT_TO_LEFT else "ltr"


def family_language(code: str | None, fallback: str = "nb") -> str:
    """One of FAMILY_LANGUAGES for a negotiated code ("nb-NO", "no", "ar")."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    if base == "no":
        base = "nb"
    return base if base in FAMILY_LANGUAGES else fallback


def site_language() -> str:
    return family_language(api.portal.get_default_language())


def current_language(context) -> str:
    """The negotiated language as one of the family languages."""
    return family_language(
        api.portal.get_current_language(context=context), fallback=site_language()
    )


class IFamilyPage(model.Schema):
    language = schema.Choice(
        title=_("label_family_page_language", default="Language of this page"),
        vocabulary=LANGUAGE_VOCABULARY,
        default="nb",
        required=True,
    )
    translation_group = schema.ASCIILine(
        title=_("label_translation_group", default="Translation key"),
        description=_(
            "help_translation_group",
            default="The same short key on every translation of this page, "
            "for example consent. The pages with this key are shown as "
            "the same page in other languages.",
        ),
        required=True,
    )


@implementer(IFamilyPage)
class FamilyPage(Item):
    """A page for families; its body is the rich text field ``text``."""

    def direction(self) -> str:
        return direction(self.language)


def translations(page) -> dict:
    """language -> the FamilyPage in that language with the same translation
    key, among the pages the current user may see (the page itself included)."""
    group = getattr(page, "translation_group", None)
    found = {page.language: page}
    if not group:
        return found
    catalog = api.portal.get_tool("portal_catalog")
    # A handful of pages per site: read them rather than add an index.
    for brain in catalog.searchResults(portal_type="FamilyPage", sort_on="path"):
        other = brain.getObject()
        if other.translation_group == group and other.language not in found:
            found[other.language] = other
    return {code: found[code] for code in FAMILY_LANGUAGES if code in found}


def all_pages() -> list:
    """Every family page the current user may see, in folder order."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain.getObject()
        for brain in catalog.searchResults(
            portal_type="FamilyPage", sort_on="getObjPositionInParent"
        )
    ]


def pages_in(language: str) -> list:
    """The family pages in ``language`` the current user may see, in folder order."""
    return [page for page in all_pages() if page.language == language]
