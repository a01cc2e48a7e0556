"""Message catalogs in nb, nn and en, and the language of each demo site."""

from bti.portal.i18n import add_language_fallback
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from pathlib import Path
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

import re
import requests
import unittest


LOCALES = Path(__file__).parent.parent / "src" / "bti" / "portal" / "locales"
_ = MessageFactory("bti.portal")
_plone = MessageFactory("plone")


def msgids(path: Path) -> dict[str, str]:
    """msgid -> msgstr, with msgstr continuation lines joined."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r'^msgid "(.+)"\nmsgstr ((?:".*"\n?)+)', text, re.M)
    return {msgid: "".join(re.findall(r'"(.*)"', msgstr)) for msgid, msgstr in found}


class TestCatalogs(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_label_in_each_language(self):
        label = _("label_municipalities", default="Municipalities served")
        self.assertEqual(translate(label, target_language="nb"), "Kommuner")
        self.assertEqual(translate(label, target_language="nn"), "Kommunar")
        self.assertEqual(
            translate(label, target_language="en"), "Municipalities served"
        )

    def test_every_message_translated_in_nb_and_nn(self):
        wanted = set(msgids(LOCALES / "bti.portal.pot"))
        for language in ("nb", "nn"):
            po = msgids(LOCALES / language / "LC_MESSAGES" / "bti.portal.po")
            missing = sorted(m for m in wanted if not po.get(m))
            self.assertEqual(missing, [], f"untranslated in {language}")

    def test_plone_labels_in_bokmal(self):
        # plone.app.locales calls bokmål "no"; nb sites still get it.
        self.assertEqual(translate(_plone("box_search"), target_language="nb"), "Søk")

    def test_login_help_link_in_every_language(self):
        wanted = {"nb": "Få hjelp", "nn": "Få hjelp", "uk": "Отримати допомогу"}
        for language, text in wanted.items():
            with self.subTest(language):
                self.assertEqual(
                    translate(
                        _plone("footer_login_link_get_help"), target_language=language
                    ),
                    text,
                )

    def test_welcome_after_login_in_every_language(self):
        for language in ("nb", "nn", "ar", "uk"):
            with self.subTest(language):
                text = translate(
                    _plone("you_are_now_logged_in", default="Welcome!"),
                    target_language=language,
                )
                self.assertNotIn("Welcome", text)

    def test_plone_labels_in_nynorsk(self):
        self.assertEqual(
            translate(_plone("text_search"), target_language="nn"), "Søk på nettstaden"
        )

    def test_nynorsk_falls_back_to_bokmal_not_english(self):
        self.assertEqual(
            translate(_plone("Dashboard"), target_language="nn"), "Instrumentbord"
        )

    def test_fallback_is_idempotent(self):
        self.assertEqual(add_language_fallback("nn", "no"), 0)


class TestSiteLanguage(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING

    def page(self, site_id: str) -> str:
        url = f"http://{self.layer['host']}:{self.layer['port']}/{site_id}"
        response = requests.get(url, timeout=60)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_sogndal_in_nynorsk(self):
        html = self.page("sogndal")
        self.assertIn('lang="nn"', html)
        self.assertIn("Søk på nettstaden", html)
        self.assertIn("Kommunar", html)

    def test_byn_in_bokmal(self):
        html = self.page("byn")
        self.assertIn('lang="nb"', html)
        self.assertIn("Søk i nettstedet", html)
        self.assertIn("Kommuner", html)
        for name in ("Bindal", "Leka", "Nærøy", "Vikna"):
            self.assertIn(name, html)

    def test_each_site_shows_its_name_and_colour(self):
        for site_id, title, colour in (
            ("byn", "BTI i BYN", "#0b5e6b"),
            ("inderoy", "BTI i Inderøy", "#7a3b12"),
            ("sogndal", "BTI i Sogndal", "#2f5d2a"),
        ):
            html = self.page(site_id)
            self.assertIn(title, html)
            self.assertIn(f"--bti-primary: {colour}", html)
            self.assertIn("@@site-logo/", html)
