"""Each family page, read in each of the five languages, shows no words of the
other languages, and says which language and direction it is in.

Pages: the pages for families of the demo sites (anonymous, on a bokmål and a
nynorsk site), and a guardian's @@my-logs, log page, goal page and the log folder (over HTTP,
language chosen with ?set_language= as the family's switcher does). Text in
an element whose ``lang`` differs from the page's (the language switcher) is
mixed content that says so, and is not read; what staff wrote in the log
(Norwegian here) is the staff's own words and is taken out.
"""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from lxml import html as lxml_html
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.test_family_view import scene
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

import os
import re
import requests
import transaction
import unittest


LANGUAGES = ("nb", "nn", "en", "ar", "uk")
# Words that belong to one language and would be a leak in another.
ENGLISH = (
    "The deadline has passed",
    "History",
    "Goals and activities",
    "My logs",
    "Log in",
    "Next meeting",
    "Newest message",
    "Read more",
    "Back to the log",
    "Messages",
    "Who has read",
    "Withdraw",
    "Consent",
    "Level",
    "Summary",
    "Located in",
    "by admin",
    "Get help",
    "Being set up",
    "Filter the results",
    "Your contact",
    "Relay logs",
    "Search this site",
)
BOKMAL = (
    "ikke",
    "hva",
    "Hva",
    "hvem",
    "Hvem",
    "Til de",
    "Mine logger",
    "Innstillinger",
    "jeg",
    "Jeg",
    "Stafettlogger",
    "Forfatterinformasjon",
)
NYNORSK = (
    "ikkje",
    "kva",
    "Kva",
    "kven",
    "Kven",
    "Mine loggar",
    "eg",
    "Eg",
    "Stafettloggar",
)
NORWEGIAN = (
    *BOKMAL,
    *NYNORSK,
    "og",
    "på",
    "Logg inn",
    "logger",
    "loggen",
    "samtykke",
    "Samtykke",
    "For familier",
    "møte",
    "Møte",
)
MARKERS = {
    "nb": ENGLISH + NYNORSK,
    "nn": ENGLISH + BOKMAL,
    "en": NORWEGIAN,
    "ar": ENGLISH + NORWEGIAN,
    "uk": ENGLISH + NORWEGIAN,
}
# What staff wrote in tests.test_family_view.scene: their words, not the UI's.
STAFF_WORDS = (
    "Sove godt",
    "Leggetid klokka åtte",
    "Samtale hver uke",
    "Velkommen til loggen.",
    "Solsida skole",
)
SKIPPED = ("script", "style", "noscript", "template")
DUMPS = Path(os.environ.get("BTI_SCREENSHOTS", "test-output")) / "i18n-markers"


def visible_text(page: str, language: str) -> str:
    """The text a reader of ``language`` sees (and hears: aria-label, title,
    placeholder, alt), without elements marked as another language."""
    root = lxml_html.document_fromstring(page)
    for element in root.iter(*SKIPPED):
        element.drop_tree()
    for element in list(root.iter()):
        lang = element.get("lang")
        if lang and lang.split("-")[0] != language and element.getparent() is not None:
            element.drop_tree()
    words = [" ".join(root.itertext())]
    for attribute in ("aria-label", "title", "placeholder", "alt"):
        words += root.xpath(f"//@{attribute}")
    return "\n".join(words)


def leaks(page: str, language: str, allowed=()) -> list[str]:
    text = re.sub(r"\s+", " ", visible_text(page, language))
    for words in allowed:
        text = text.replace(re.sub(r"\s+", " ", words), " ")
    return sorted({
        marker
        for marker in MARKERS[language]
        if re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", text)
    })


class MarkerChecks:
    def check(self, page: str, language: str, what: str, allowed=()):
        DUMPS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", what).strip("-")
        (DUMPS / f"{name}.html").write_text(page, encoding="utf-8")
        # The page says its language and direction.
        direction = "rtl" if language == "ar" else "ltr"
        root = lxml_html.document_fromstring(page)
        self.assertEqual(root.get("lang"), language, f"{what}: <html lang>")
        body = root.find("body")
        self.assertEqual(body.get("dir") or root.get("dir"), direction, f"{what}: dir")
        self.assertEqual(leaks(page, language, allowed), [], what)


class TestTheCheckItself(unittest.TestCase):
    def test_finds_english_and_bokmal_and_honours_lang(self):
        page = (
            '<html lang="nn"><body dir="ltr"><h2>History</h2><p>Det er ikke '
            'her.</p><a lang="nb" href="#">Norsk bokmål: hva</a>'
            "<script>var History;</script></body></html>"
        )
        self.assertEqual(leaks(page, "nn"), ["History", "ikke"])
        clean = '<html lang="nn"><body><p>Det er ikkje her.</p></body></html>'
        self.assertEqual(leaks(clean, "nn"), [])

    def test_sees_labels_too(self):
        page = '<html lang="ar"><body><button aria-label="Log in">→</button></body>'
        self.assertEqual(leaks(page, "ar"), ["Log in"])


class TestGuardianPages(MarkerChecks, unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.scene = scene(self.portal)
        transaction.commit()
        self.session = requests.Session()
        self.session.auth = ("guardian", "secret-guardian")
        self.addCleanup(self.session.close)

    def read(self, url: str, language: str) -> str:
        response = self.session.get(f"{url}?set_language={language}", timeout=60)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_my_logs_log_and_goal_in_each_language(self):
        pages = {
            "@@my-logs": f"{self.portal.absolute_url()}/@@my-logs",
            "log page": self.scene["mine"].absolute_url(),
            "goal page": self.scene["goal"].absolute_url(),
            # The log folder (the breadcrumb leads there): families are sent
            # on to their own page of logs.
            "log folder": self.portal["logs"].absolute_url(),
            # A generated title ("Møte 06.12.2026") in the reader's language.
            "meeting page": next(
                item
                for item in self.scene["mine"].objectValues()
                if item.portal_type == "Meeting"
            ).absolute_url(),
        }
        for language in LANGUAGES:
            for what, url in pages.items():
                with self.subTest(language=language, page=what):
                    page = self.read(url, language)
                    self.check(page, language, f"{what} ({language})", STAFF_WORDS)

    def test_the_browsers_language_until_the_family_chooses(self):
        """Accept-Language for a family member who made no choice; the
        switcher's choice (the cookie) wins; staff keep the site's language."""
        url = f"{self.portal.absolute_url()}/@@my-logs"

        def lang(session, **headers):
            response = session.get(url, headers=headers, timeout=60)
            self.assertEqual(response.status_code, 200)
            return lxml_html.document_fromstring(response.text).get("lang")

        self.assertEqual(lang(self.session, **{"Accept-Language": "ar"}), "ar")
        self.assertEqual(
            lang(self.session, **{"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.8"}), "uk"
        )
        self.assertEqual(lang(self.session, **{"Accept-Language": "de, fr"}), "nb")
        self.assertEqual(lang(self.session), "nb")
        self.session.get(f"{url}?set_language=en", timeout=60)
        self.assertEqual(lang(self.session, **{"Accept-Language": "ar"}), "en")
        staff = requests.Session()
        self.addCleanup(staff.close)
        staff.auth = ("holder", "secret-holder")
        page = staff.get(
            self.scene["mine"].absolute_url(),
            headers={"Accept-Language": "ar"},
            timeout=60,
        )
        self.assertEqual(lxml_html.document_fromstring(page.text).get("lang"), "nb")

    def test_form_errors_in_the_readers_language(self):
        """A message sent empty: the error's label, the form's summary and
        the field's message are Arabic, not English or Norwegian."""
        url = f"{self.scene['mine'].absolute_url()}/++add++LogMessage"
        arabic = {"Accept-Language": "ar"}
        form = self.session.get(url, headers=arabic, timeout=60).text
        token = re.search(r'name="_authenticator" type="hidden" value="([^"]+)"', form)
        answer = self.session.post(
            url,
            data={"_authenticator": token.group(1), "form.buttons.save": "1"},
            headers=arabic,
            timeout=60,
        )
        root = lxml_html.document_fromstring(answer.text)
        alert = root.find_class("statusmessage-error")[0].text_content()
        field = root.find_class("invalid-feedback")[0].text_content()
        self.assertIn("خطأ", alert)
        self.assertEqual(leaks(answer.text, "ar", STAFF_WORDS), [])
        for english in ("Error", "There were some errors", "Required input"):
            self.assertNotIn(english, alert + field)
        self.assertNotIn("feil", alert.lower())

    def test_add_forms_and_their_cancel_in_each_language(self):
        """A message's and a comment's add form: Plone's buttons in the
        reader's language; Cancel returns to the log and says so in plain
        words, not Plone's "Add New Item operation cancelled"."""
        buttons = {
            "nb": ["Lagre", "Avbryt"],
            "nn": ["Lagre", "Avbryt"],
            "en": ["Save", "Cancel"],
            "ar": ["حفظ", "إلغاء"],
            "uk": ["Зберегти", "Відміна"],
        }
        cancelled = {
            "nb": "Ingenting ble lagt til.",
            "nn": "Ingenting vart lagt til.",
            "en": "Nothing was added.",
            "ar": "لم تتمّ إضافة أي شيء.",
            "uk": "Нічого не додано.",
        }
        forms = {
            "message": f"{self.scene['mine'].absolute_url()}/++add++LogMessage",
            "comment": f"{self.scene['own'].absolute_url()}/++add++Evaluation",
        }
        for language in LANGUAGES:
            for what, url in forms.items():
                with self.subTest(language=language, form=what):
                    page = self.read(url, language)
                    self.check(page, language, f"{what} form ({language})", STAFF_WORDS)
                    root = lxml_html.document_fromstring(page)
                    found = root.xpath("//button[starts-with(@name, 'form.buttons.')]")
                    self.assertEqual(
                        [button.text_content().strip() for button in found],
                        buttons[language],
                    )
                    token = root.xpath("//input[@name='_authenticator']/@value")[0]
                    answer = self.session.post(
                        url,
                        data={"_authenticator": token, "form.buttons.cancel": "1"},
                        timeout=60,
                    )
                    self.assertEqual(answer.url, self.scene["mine"].absolute_url())
                    status = lxml_html.document_fromstring(answer.text)
                    status = status.find_class("statusmessage")[0].text_content()
                    self.assertIn(cancelled[language], status)
                    self.assertNotIn("operation", status)

    def test_a_yes_no_field_in_arabic_and_ukrainian(self):
        """A consent's "the young person signed" reads لا / ні, not "no"."""
        consent = next(
            item
            for item in self.scene["mine"].objectValues()
            if item.portal_type == "Consent"
        )
        for language, word in (("ar", "لا"), ("uk", "ні"), ("nb", "nei")):
            with self.subTest(language=language):
                page = self.read(consent.absolute_url(), language)
                root = lxml_html.document_fromstring(page)
                value = root.get_element_by_id("form-widgets-youth_signed")
                self.assertEqual(value.text_content().strip(), word)

    def test_the_user_menus_page_in_arabic_and_nynorsk(self):
        """/useractions (where the name in the header leads): its heading and
        the hidden heading of the user menu in the reader's language."""
        url = f"{self.portal.absolute_url()}/useractions"
        for language, heading, menu in (
            ("ar", "إجراءات المستخدم", "أدوات المستخدم"),
            ("nn", "Brukarhandlingar", "Personlege verktøy"),
        ):
            with self.subTest(language=language):
                page = self.read(url, language)
                self.check(page, language, f"useractions ({language})")
                root = lxml_html.document_fromstring(page)
                title = root.cssselect("h1.documentFirstHeading")[0].text_content()
                self.assertEqual(title.strip(), heading)
                self.assertIn(menu, visible_text(page, language))
                for word in ("User Actions", "Brukerhandlinger", "Personlige"):
                    self.assertNotIn(word, page)

    def test_login_page_and_help_in_the_browsers_language(self):
        """Nobody is known on the way in: the login page and its help follow
        the browser's language (one a family reads), with Plone's words
        translated."""
        anonymous = requests.Session()
        self.addCleanup(anonymous.close)
        base = self.portal.absolute_url()
        english = (
            "Need Help?",
            "Reset your password",
            "Get your username",
            "Need more help?",
            "Contact an admin.",
            "Trouble logging in?",
            "Enter your email",
        )
        norwegian = ("Brukernavn", "Passord", "Problemer med", "Få hjelp")
        words = {
            "nb": (*english, "Brukarnamn", "logge på ?"),
            "nn": (*english, "Brukernavn", "Trenger"),
            "en": norwegian,
            "ar": (*english, *norwegian),
            "uk": (*english, *norwegian),
        }
        for language in LANGUAGES:
            for view in ("login", "@@login-help"):
                with self.subTest(language=language, view=view):
                    response = anonymous.get(
                        f"{base}/{view}",
                        headers={"Accept-Language": language},
                        timeout=60,
                    )
                    root = lxml_html.document_fromstring(response.text)
                    self.assertEqual(root.get("lang"), language)
                    text = re.sub(r"\s+", " ", visible_text(response.text, language))
                    found = [word for word in words[language] if word in text]
                    self.assertEqual(found, [])

    def test_contact_form_where_the_login_help_leads(self):
        """/contact-info (the login help's "Contact an admin."): Plone's
        English hints and bokmål on nynorsk are translated."""
        anonymous = requests.Session()
        self.addCleanup(anonymous.close)
        url = f"{self.portal.absolute_url()}/contact-info"
        english = ("Please enter", "From")
        words = {
            "nb": (*english, "Vennligst", "eierne"),
            "nn": (*english, "Vennligst", "Navn", "nettstedet", "Beskjed"),
            "ar": english,
            "uk": english,
        }
        for language, found_words in words.items():
            with self.subTest(language=language):
                response = anonymous.get(f"{url}?set_language={language}", timeout=60)
                text = visible_text(response.text, language)
                found = [
                    word
                    for word in found_words
                    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
                ]
                self.assertEqual(found, [])

    def test_own_plone_catalog_first_in_arabic_and_ukrainian(self):
        """Where plone.app.locales reads wrong (Arabic "عن", "about", for a
        byline's "by"), the product's own plone.po wins."""
        byline = MessageFactory("plone")("label_by_author", mapping={"author": "X"})
        self.assertEqual(translate(byline, target_language="ar"), "بواسطة X")
        self.assertEqual(translate(byline, target_language="uk"), "автор: X")

    def test_the_bylines_by_in_every_language_but_english(self):
        """Plone's byline template says "by" alone; plone.app.locales leaves it
        empty in nb, nn, ar and uk, so staff read an English word there."""
        by = MessageFactory("plone")("by")
        expected = {"nb": "av", "nn": "av", "ar": "بواسطة", "uk": "автор", "en": "by"}
        for language, text in expected.items():
            self.assertEqual(translate(by, target_language=language), text)

    def test_plones_own_chrome_in_arabic_and_ukrainian(self):
        """Plone's chrome around the family's pages: no toolbar, the phone
        menu's button, the main menu's sections and the footer in the
        reader's language, chosen by the browser alone."""
        english = ("Add new", "Dashboard", "Toggle navigation", "Powered by")
        norwegian = ("Skjema", "Verktøy", "Tjenester", "Handlingsveileder")
        norwegian += ("For familier", "Nettstedskart")
        for language in ("ar", "uk"):
            for url in (self.scene["mine"].absolute_url(), self.portal.absolute_url()):
                with self.subTest(language=language, url=url):
                    page = self.session.get(
                        url, headers={"Accept-Language": language}, timeout=60
                    ).text
                    text = re.sub(r"\s+", " ", visible_text(page, language))
                    found = [w for w in english + norwegian if w in text]
                    self.assertEqual(found, [])
                    self.assertIn("BTI", text)  # the product's own footer

    def test_one_switcher_and_plain_labels_on_my_logs(self):
        """One language switcher (the page's own), the breadcrumb's label
        translated, feed links titled in text (Plone writes b'RSS 2.0')."""
        url = f"{self.portal.absolute_url()}/@@my-logs"
        page = self.session.get(url, headers={"Accept-Language": "uk"}, timeout=60)
        tree = lxml_html.document_fromstring(page.text)
        self.assertEqual(len(tree.cssselect(".bti-language-switcher")), 1)
        self.assertEqual(tree.cssselect("#portal-languageselector"), [])
        labels = tree.xpath("//nav[@id='portal-breadcrumbs']/@aria-label")
        self.assertNotIn("breadcrumb", labels)
        self.assertNotIn("b'", " ".join(tree.xpath("//link/@title")))
        close = tree.cssselect(".offcanvas-header .btn-close")[0]
        self.assertEqual(close.get("aria-label"), "Закрити меню")
        self.assertEqual(tree.cssselect("#bti-menu-close"), [])
        front = self.session.get(self.portal.absolute_url(), timeout=60).text
        self.assertIn("portal-languageselector", front)  # no switcher of its own


class TestPagesForFamilies(MarkerChecks, unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING

    def test_every_page_for_families_in_its_language(self):
        base = f"http://{self.layer['host']}:{self.layer['port']}"
        for site_id in ("byn", "sogndal"):
            folder = self.layer["app"][site_id]["familie"]
            # The folder's title and description are the editors' words in the
            # site's language (see test_folder_title_in_the_readers_language).
            site_words = (folder.Title(), folder.Description())
            pages = [
                (page.getId(), page.language)
                for page in folder.objectValues()
                if page.portal_type == "FamilyPage"
            ]
            self.assertEqual(len(pages), 20)
            for language in LANGUAGES:
                with self.subTest(site=site_id, page="familie", language=language):
                    url = f"{base}/{site_id}/familie?set_language={language}"
                    response = requests.get(url, timeout=60)
                    self.assertEqual(response.status_code, 200)
                    self.check(
                        response.text, language, f"{site_id}/familie", site_words
                    )
            for page_id, language in pages:
                with self.subTest(site=site_id, page=page_id):
                    url = f"{base}/{site_id}/familie/{page_id}?set_language={language}"
                    response = requests.get(url, timeout=60)
                    self.assertEqual(response.status_code, 200)
                    self.check(
                        response.text, language, f"{site_id}/{page_id}", site_words
                    )

    def test_folder_title_in_the_readers_language(self):
        """The breadcrumb, the main menu and the browser title name the
        folder in the reader's language on Arabic, Ukrainian and English
        pages; readers of the site's language keep the editors' title."""
        base = f"http://{self.layer['host']}:{self.layer['port']}"
        for language, page, name in (
            ("ar", "ar-consent", "للعائلات"),
            ("uk", "uk-consent", "Для родин"),
            ("en", "consent", "For families"),
        ):
            with self.subTest(language=language):
                url = f"{base}/byn/familie/{page}?set_language={language}"
                html = requests.get(url, timeout=60).text
                self.assertNotIn("For familier", visible_text(html, language))
                root = lxml_html.document_fromstring(html)
                crumbs = root.get_element_by_id("portal-breadcrumbs").text_content()
                self.assertIn(name, crumbs)
        # The front page's card for families and its shortcuts to the
        # portal's own folders.
        html = requests.get(f"{base}/byn?set_language=uk", timeout=60).text
        text = visible_text(html, "uk")
        self.assertIn("Для родин", text)
        for title in ("For familier", "Skjema", "Verktøy", "Handlingsveileder"):
            self.assertIsNone(re.search(rf"(?<!\w){title}(?!\w)", text), title)
        html = requests.get(f"{base}/byn/familie?set_language=uk", timeout=60).text
        title = lxml_html.document_fromstring(html).findtext(".//title")
        self.assertTrue(title.startswith("Для родин"), title)
        # A guide level's browser title as its heading (the standard name).
        html = requests.get(
            f"{base}/byn/handlingsveileder/niva-0?set_language=uk", timeout=60
        ).text
        root = lxml_html.document_fromstring(html)
        heading = root.cssselect("h1.documentFirstHeading")[0].text_content()
        self.assertTrue(root.findtext(".//title").startswith(heading.strip()))
        self.assertNotIn("Nivå", root.findtext(".//title"))
        html = requests.get(f"{base}/byn/familie?set_language=nb", timeout=60).text
        crumbs = lxml_html.document_fromstring(html).get_element_by_id(
            "portal-breadcrumbs"
        )
        self.assertIn("For familier", crumbs.text_content())

    def test_search_results_in_each_language(self):
        """Plone's search page (the editors' titles aside): its heading,
        count, filter, sort, "Located in" and feed link are translated, and
        the footer offers no stock Plone pages (accessibility, contact)."""
        base = f"http://{self.layer['host']}:{self.layer['port']}"
        english = (
            "Search results for",
            "items matching your search terms",
            "Filter the results",
            "Located in",
            "Subscribe to an always-updated RSS feed",
            "Sort by",
            "date (newest first)",
        )
        words = {
            "nb": english,
            "nn": (
                *english,
                "Ligger i",
                "siste først",
                "Velg alle",
                "Innholdstype",
                "Nytt innhold",
            ),
            "en": ("Ligger i", "Avgrens", "Søkeresultater"),
            "ar": english,
            "uk": english,
        }
        for site_id in ("byn", "sogndal"):
            for language in LANGUAGES:
                with self.subTest(site=site_id, language=language):
                    url = f"{base}/{site_id}/@@search?SearchableText=logg"
                    html = requests.get(
                        f"{url}&set_language={language}", timeout=60
                    ).text
                    text = re.sub(r"\s+", " ", visible_text(html, language))
                    found = [word for word in words[language] if word in text]
                    self.assertEqual(found, [])
                    root = lxml_html.document_fromstring(html)
                    links = " ".join(root.xpath("//footer//a/@href"))
                    self.assertNotIn("accessibility-info", links)
                    self.assertNotIn("contact-info", links)
