"""Families meet no CMS, and no form dead-ends (issue 11).

- A guardian sees no toolbar on the log or anything in it, and Plone's CMS
  screens (folder contents, dashboard, state menu) refuse them; staff keep
  the toolbar. "My logs" is in the guardian's main menu.
- After a password login a guardian lands on "My logs"; staff do not.
- Each add form inside a log returns to the log's page with a message in the
  site's language; generated titles are in that language too.
- A consent typed in by hand needs the scanned signed form and says
  "registered on paper by <name>, <date>" (log page, item page, REST).
- The concern form preselects the user's own unit.
"""

from bti.portal.browser.family.header_languages import HeaderLanguages
from bti.portal.content.family_page import LANGUAGE_NAMES
from bti.portal.relaylog import create
from bti.portal.relaylog.consent.provenance import how_signed
from bti.portal.relaylog.consent.provenance import provenance_text
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.users import landing_url
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.i18n.utility import LanguageBinding
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_family_view import scene
from zope.i18n import translate
from zope.i18nmessageid import Message

import lxml.html
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOOLBAR = 'id="edit-zone"'


class FamilyHTTP(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.scene = scene(self.portal)
        transaction.commit()
        self.site_url = self.portal.absolute_url()

    def session(self, user: str | None) -> requests.Session:
        session = requests.Session()
        if user:
            session.auth = (user, f"secret-{user}")
        self.addCleanup(session.close)
        return session

    def get(self, url: str, user: str | None, **options) -> requests.Response:
        response = self.session(user).get(url, timeout=60, **options)
        self.addCleanup(response.close)
        return response

    def submit(
        self,
        session,
        url: str,
        values: dict,
        files=None,
        button="save",
        form_id="form",
        follow=True,
    ):
        """Open the form at ``url``, fill in ``values``, press ``button``."""
        page = session.get(url, timeout=60)
        self.assertEqual(page.status_code, 200, url)
        form = next(
            form
            for form in lxml.html.fromstring(page.text).forms
            if form.get("id") == form_id
        )
        data = [(k, v) for k, v in form.form_values() if k not in values]
        for key, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                data.append((key, one))
        prefix = "form." if form_id == "form" else ""
        data.append((f"{prefix}buttons.{button}", "Lagre"))
        action = form.get("action") or url
        response = session.post(
            action, data=data, files=files or {}, timeout=60, allow_redirects=follow
        )
        self.addCleanup(response.close)
        return response


class TestNoCMSForFamilies(FamilyHTTP):
    def item_urls(self) -> list[str]:
        scene = self.scene
        urls = [scene["mine"].absolute_url(), scene["goal"].absolute_url()]
        urls.append(scene["own"].absolute_url())
        for item in scene["mine"].objectValues():
            urls.append(item.absolute_url())
        return urls

    def test_no_toolbar_for_the_guardian_on_the_log_and_its_items(self):
        for url in self.item_urls():
            with self.subTest(url):
                response = self.get(url, "guardian")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(TOOLBAR, response.text)
                self.assertNotIn("contentview-folderContents", response.text)
                self.assertNotIn("plone-contentmenu-workflow", response.text)
                self.assertIn("portal-membertools", response.text)
                self.assertNotIn("plone-toolbar-", _body_class(response.text))

    def test_staff_keep_the_toolbar(self):
        for url in self.item_urls():
            with self.subTest(url):
                response = self.get(url, "holder")
                self.assertEqual(response.status_code, 200)
                self.assertIn(TOOLBAR, response.text)
                # Plone's member menu only as their menu on phones, where
                # the theme's CSS hides the toolbar.
                self.assertIn("bti-membertools-phone", response.text)

    def test_staffs_log_page_states_in_their_language_without_plones_menus(self):
        """The log page has its own level-change and add buttons (IProductPage):
        the toolbar keeps the user menu, not Plone's menus repeating them."""
        html = self.get(self.scene["mine"].absolute_url(), "holder").text
        self.assertIn(TOOLBAR, html)
        self.assertIn("personaltools-wrapper", html)
        self.assertNotIn("plone-contentmenu-workflow", html)
        self.assertNotIn("plone-toolbar-main", html)
        header = lxml.html.fromstring(html).find_class("bti-log-header")
        text = " ".join(" ".join(e.text_content().split()) for e in header)
        self.assertIn("Nivå 1", text)
        self.assertNotIn("Level", text)

    def test_cms_screens_refuse_the_guardian(self):
        log = self.scene["mine"].absolute_url()
        for url in (
            f"{log}/folder_contents",
            f"{log}/content_status_history",
            f"{log}/@@sharing",
            f"{self.site_url}/@@dashboard",
            f"{self.site_url}/folder_contents",
            f"{self.site_url}/@@overview-controlpanel",
        ):
            with self.subTest(url):
                response = self.get(url, "guardian", allow_redirects=False)
                self.assertNotEqual(response.status_code, 200, url)
                self.assertIn(response.status_code, (302, 401, 403, 404), url)

    def test_staff_keep_folder_contents(self):
        url = f"{self.scene['mine'].absolute_url()}/folder_contents"
        response = self.get(url, "holder")
        self.assertEqual(response.status_code, 200)
        self.assertIn("pat-structure", response.text)

    def test_my_logs_in_the_guardians_main_menu(self):
        html = self.get(self.scene["mine"].absolute_url(), "guardian").text
        nav = lxml.html.fromstring(html).get_element_by_id("portal-globalnav")
        links = [a.get("href") for a in nav.iter("a")]
        self.assertIn(f"{self.site_url}/@@my-logs", links)
        html = self.get(self.scene["mine"].absolute_url(), "holder").text
        nav = lxml.html.fromstring(html).get_element_by_id("portal-globalnav")
        self.assertNotIn(
            f"{self.site_url}/@@my-logs", [a.get("href") for a in nav.iter("a")]
        )

    def test_item_page_leads_back_to_the_log(self):
        log = self.scene["mine"]
        for item in (self.scene["goal"], self.scene["own"], *log.objectValues()):
            if item.portal_type == "Meeting":
                continue
            with self.subTest(item.portal_type):
                html = self.get(item.absolute_url(), "guardian").text
                self.assertIn(f'href="{log.absolute_url()}"', html)
                self.assertIn("Tilbake til loggen", html)
                self.assertNotIn("Denne mappen er tom", html)
                self.assertNotIn("Versioning enabled", html)


class TestLanding(FamilyHTTP):
    """The login answers with a redirect; the session cookie is for HTTPS,
    so the page after it is opened with the same user by basic auth."""

    def login(self, user: str) -> str:
        response = self.submit(
            self.session(None),
            f"{self.site_url}/login",
            {"__ac_name": user, "__ac_password": f"secret-{user}"},
            button="login",
            form_id="LoginForm",
            follow=False,
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("__ac=", response.headers.get("Set-Cookie", ""))
        return response.headers["Location"]

    def test_guardian_lands_on_my_logs(self):
        url = self.login("guardian")
        self.assertEqual(url, f"{self.site_url}/@@my-logs")
        html = self.get(url, "guardian").text
        self.assertIn("bti-family-log", html)
        self.assertNotIn(TOOLBAR, html)

    def test_young_person_lands_on_my_logs(self):
        self.assertEqual(self.login("young"), f"{self.site_url}/@@my-logs")

    def test_staff_do_not(self):
        self.assertNotIn("@@my-logs", self.login("holder"))


class TestLandingRule(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_user("holder")
        add_user("guardian", staff=False)
        self.url = self.portal.absolute_url()

    def test_a_page_asked_for_is_kept(self):
        guardian = api.user.get(userid="guardian")
        log = f"{self.url}/logs/abc123"
        self.assertEqual(landing_url(guardian, log), log)
        for start in (None, "", self.url, f"{self.url}/", f"{self.url}/login"):
            with self.subTest(start):
                self.assertEqual(landing_url(guardian, start), f"{self.url}/@@my-logs")
        # Staff land on their work page "Mitt arbeid" (tests/test_my_work.py).
        holder = api.user.get(userid="holder")
        self.assertEqual(landing_url(holder, self.url), f"{self.url}/@@my-work")


class TestAddFormsReturnToTheLog(FamilyHTTP):
    def assert_back_on_log(self, response, message: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.url.rstrip("/"), self.scene["mine"].absolute_url())
        self.assertIn(message, response.text)
        self.assertNotIn("Objekt opprettet", response.text)
        self.assertNotIn("Item created", response.text)

    def test_each_add_form_returns_to_the_log_with_a_message(self):
        log = self.scene["mine"].absolute_url()
        goal = self.scene["goal"].absolute_url()
        own = self.scene["own"].absolute_url()
        holder = self.session("holder")
        cases = (
            (
                f"{log}/++add++Goal",
                {"form.widgets.area:list": "school", "form.widgets.title": "Lese"},
                "Målet er lagret.",
            ),
            (
                f"{goal}/++add++Activity",
                {
                    "form.widgets.title": "Lesestund",
                    "form.widgets.responsible:list": "holder",
                },
                "Tiltaket er lagret.",
            ),
            (
                f"{own}/++add++Evaluation",
                {"form.widgets.worked": "Det gikk fint."},
                "Evalueringen er lagret.",
            ),
            (
                f"{log}/++add++LogMessage",
                {"form.widgets.text": "Takk for møtet."},
                "Meldingen er lagret i loggen.",
            ),
            (
                f"{log}/++add++Meeting",
                {
                    "form.widgets.start": "2030-05-02T10:00",
                    "form.widgets.place": "Skolen",
                },
                "Møtet er lagret.",
            ),
        )
        for url, values, message in cases:
            with self.subTest(url.rsplit("+", 1)[-1]):
                self.assert_back_on_log(self.submit(holder, url, values), message)

    def test_guardians_comment_returns_to_the_log(self):
        own = self.scene["own"].absolute_url()
        response = self.submit(
            self.session("guardian"),
            f"{own}/++add++Evaluation",
            {"form.widgets.worked": "Hun sovnet tidlig."},
        )
        self.assert_back_on_log(response, "Kommentaren din er lagret.")
        self.assertIn("Legg til en kommentar", response.text)

    def test_cancel_returns_to_the_log(self):
        log = self.scene["mine"].absolute_url()
        response = self.submit(
            self.session("holder"), f"{log}/++add++Goal", {}, button="cancel"
        )
        self.assertEqual(response.url.rstrip("/"), log)

    def test_form_heading_in_plain_words(self):
        log = self.scene["mine"].absolute_url()
        html = self.get(f"{log}/++add++Consent", "holder").text
        self.assertIn("Registrer samtykke", html)
        self.assertNotIn("Ny Samtykke", html)


class TestConsentOnPaper(FamilyHTTP):
    def consent_values(self) -> dict:
        return {
            "form.widgets.kind:list": "cooperation",
            "form.widgets.services:list": "school",
            "form.widgets.signed": date.today().isoformat(),
            "form.widgets.signed_by": "guardian\nFar",
        }

    def test_paper_consent_needs_the_scanned_form(self):
        log = self.scene["mine"]
        before = len(log.objectIds())
        response = self.submit(
            self.session("holder"),
            f"{log.absolute_url()}/++add++Consent",
            self.consent_values(),
        )
        self.assertIn("trenger det skannede, signerte skjemaet", response.text)
        self.assertIn("++add++Consent", response.url)
        transaction.begin()
        self.assertEqual(len(log.objectIds()), before)

    def test_wrong_file_type_is_refused(self):
        log = self.scene["mine"].absolute_url()
        response = self.submit(
            self.session("holder"),
            f"{log}/++add++Consent",
            self.consent_values(),
            files={"form.widgets.paper_form": ("skjema.txt", b"hei", "text/plain")},
        )
        self.assertIn("som PDF-fil eller bilde (JPEG eller PNG)", response.text)

    def test_a_file_that_only_claims_to_be_a_pdf_is_refused(self):
        log = self.scene["mine"]
        before = len(log.objectIds())
        page = b"<html><script>alert(1)</script></html>"
        response = self.submit(
            self.session("holder"),
            f"{log.absolute_url()}/++add++Consent",
            self.consent_values(),
            files={"form.widgets.paper_form": ("scan.pdf", page, "application/pdf")},
        )
        self.assertIn("som PDF-fil eller bilde (JPEG eller PNG)", response.text)
        transaction.begin()
        self.assertEqual(len(log.objectIds()), before)

    def test_with_the_scan_it_is_recorded_and_labelled(self):
        log = self.scene["mine"]
        response = self.submit(
            self.session("holder"),
            f"{log.absolute_url()}/++add++Consent",
            self.consent_values(),
            files={"form.widgets.paper_form": ("skjema.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.url.rstrip("/"), log.absolute_url())
        self.assertIn("Samtykket er registrert.", response.text)
        self.assertIn("registrert på papir av Holder,", response.text)
        transaction.begin()
        consent = next(
            item
            for item in log.objectValues()
            if item.portal_type == "Consent" and item.paper_form
        )
        self.assertNotIn("Consent", consent.Title())
        self.assertNotIn("Ny", consent.Title())
        # The same words on the consent's page (the guardian's) and in REST.
        page = self.get(consent.absolute_url(), "guardian").text
        self.assertIn("registrert på papir av Holder,", page)
        data = self.get(consent.absolute_url(), "guardian", headers=JSON).json()
        self.assertEqual(data["signed_how"], "paper")
        self.assertTrue(data["signed_how_text"].startswith("registrert på papir av"))


class TestTitlesAndUnits(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.scene = scene(self.portal)

    def test_generated_titles_in_the_site_language(self):
        with api.env.adopt_user(username="holder"):
            evaluation = create(self.scene["own"], "Evaluation", worked="Bra")
        self.assertTrue(
            evaluation.Title().startswith("Evaluering "), evaluation.Title()
        )
        meeting = next(
            item
            for item in self.scene["mine"].objectValues()
            if item.portal_type == "Meeting"
        )
        self.assertTrue(meeting.Title().startswith("Møte "), meeting.Title())
        for item in self.scene["mine"].objectValues():
            self.assertNotIn("Kari", item.Title())

    def read_as(self, language: str):
        """As Plone's negotiation leaves the request for a reader of ``language``."""
        request = self.layer["request"]
        binding = LanguageBinding()
        binding.LANGUAGE = binding.DEFAULT_LANGUAGE = language
        old = request.get("LANGUAGE_TOOL")
        request["LANGUAGE_TOOL"] = binding
        request["LANGUAGE"] = language
        self.addCleanup(request.set, "LANGUAGE_TOOL", old)
        self.addCleanup(request.set, "LANGUAGE", "nb")

    def test_activity_lists_its_comments_in_the_readers_language(self):
        with api.env.adopt_user(username="holder"):
            create(self.scene["own"], "Evaluation", worked="Bra")
        self.read_as("ar")
        view = self.scene["own"].restrictedTraverse("@@view")
        [child] = view.children()
        self.assertTrue(child["title"].startswith("تقييم "), child["title"])

    def test_my_meetings_in_the_readers_language(self):
        from bti.portal.browser.meetings.my_meetings import meeting_row

        meeting = next(
            item
            for item in self.scene["mine"].objectValues()
            if item.portal_type == "Meeting"
        )
        self.read_as("uk")
        title = meeting_row(meeting)["title"]
        self.assertTrue(title.startswith("Зустріч "), title)

    def test_one_name_for_each_language_in_both_switchers(self):
        viewlet = HeaderLanguages(self.scene["mine"], self.layer["request"], None, None)
        viewlet.update()
        names = {lang["code"]: lang["native"] for lang in viewlet.languages()}
        for code in ("nb", "nn", "en", "ar", "uk"):
            self.assertEqual(names.get(code), LANGUAGE_NAMES[code])

    def test_arabic_dates_day_month_year(self):
        # Plone's localized times read this format (ISO before: empty in Plone).
        msgid = Message("date_format_short", domain="plonelocales")
        self.assertEqual(translate(msgid, target_language="ar"), "${d}/${m}/${Y}")

    def test_bankid_and_paper_consents_say_so(self):
        consent = next(
            item
            for item in self.scene["mine"].objectValues()
            if item.portal_type == "Consent"
        )
        self.assertEqual(how_signed(consent), "paper")
        self.assertTrue(provenance_text(consent).startswith("registrert på papir av"))
        consent.signed_acr = "idporten-loa-high"
        self.assertEqual(how_signed(consent), "bankid")
        self.assertTrue(provenance_text(consent).startswith("signert med BankID"))

    def test_concern_form_preselects_the_users_own_unit(self):
        add_user("nurse", "Nina Nurse")
        first = add_unit(self.portal, "Aaa skole", "school")
        own = add_unit(self.portal, "Helsestasjonen", "health_station", staff=["nurse"])
        add_unit(self.portal, "Bbb barnehage", "kindergarten")
        self.assertLess(first.Title(), own.Title())
        with api.env.adopt_user(username="nurse"):
            view = self.portal["logs"].restrictedTraverse("++add++Concern")
            html = view()
        tree = lxml.html.fromstring(html)
        [select] = tree.xpath("//select[@name='form.widgets.unit:list']")
        selected = [o.get("value") for o in select.iter("option") if o.get("selected")]
        self.assertEqual(selected, [own.UID()])
        self.assertIn("Registrer en undring", html)

    def test_start_a_log_preselects_the_users_own_unit(self):
        add_user("teacher", "Tea Teacher")
        add_unit(self.portal, "Aaa helsestasjon", "health_station")
        own = add_unit(self.portal, "Solbakken skole", "school", staff=["teacher"])
        with api.env.adopt_user(username="teacher"):
            html = self.portal["logs"].restrictedTraverse("++add++RelayLog")()
        tree = lxml.html.fromstring(html)
        [select] = tree.xpath("//select[@name='form.widgets.unit:list']")
        selected = [o.get("value") for o in select.iter("option") if o.get("selected")]
        self.assertEqual(selected, [own.UID()])


def _body_class(html: str) -> str:
    body = lxml.html.fromstring(html).find("body")
    return body.get("class", "") if body is not None else ""
