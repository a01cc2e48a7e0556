"""The family's side: "My logs" (@@my-logs and GET @my-logs) shows a guardian
their children's logs and a young person their own, nothing else; REST @search
and @log-overview agree; the pages for families exist in five languages,
linked as translations, Arabic right to left; the chosen language follows."""

from bti.portal.content.family_page import FAMILY_LANGUAGES
from bti.portal.content.family_page import translations
from bti.portal.distributions.demo import demo_sites
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.family import overview as family_overview
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from contextlib import contextmanager
from DateTime import DateTime
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.family_fixture import active_log
from tests.family_fixture import add_consent
from tests.family_fixture import unit_with_holder
from tests.logs_fixture import add_log
from tests.logs_fixture import add_user
from tests.logs_fixture import give
from zExceptions import Unauthorized
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import re
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
SITES = [answers["site_id"] for answers in demo_sites()]


def scene(portal) -> dict:
    """A guardian's log (with a goal, their own activity and a participant's),
    a young person's own log, a log of someone else, and a draft log waiting
    for the guardian's signature."""
    unit = unit_with_holder(portal)
    add_user("guardian", "Gro Guardian", staff=False)
    add_user("young", "Ylva Young", staff=False)
    add_user("other", "Otto Other", staff=False)
    add_user("helper", "Hedda Helper")
    mine = active_log(
        portal, unit, "holder", guardians=("guardian", "Far"), title="A.A."
    )
    give(mine, "guardian", p.GUARDIAN)
    give(mine, "helper", p.PARTICIPANT)
    own = young = None
    with api.env.adopt_user(username="holder"):
        goal = create(mine, "Goal", area="home", title="Sove godt")
        own = create(
            goal, "Activity", title="Leggetid klokka åtte", responsible="guardian"
        )
        theirs = create(
            goal, "Activity", title="Samtale hver uke", responsible="helper"
        )
        create(mine, "LogMessage", kind="message", text="Velkommen til loggen.")
        create(
            mine,
            "Meeting",
            start=datetime.now() + timedelta(days=3),
            place="Solsida skole",
        )
    young = active_log(portal, unit, "holder", guardians=("Mor",), title="B.B.")
    give(young, "young", p.YOUTH)
    someone_else = active_log(portal, unit, "holder", guardians=("Mor",), title="C.C.")
    draft = add_log(portal, unit, "holder", title="D.D.", guardians=["guardian"])
    give(draft, "guardian", p.GUARDIAN)
    waiting = add_consent(draft, "holder")  # not signed yet
    return {
        "unit": unit,
        "mine": mine,
        "goal": goal,
        "own": own,
        "theirs": theirs,
        "young": young,
        "someone_else": someone_else,
        "draft": draft,
        "waiting": waiting,
    }


class TestMyLogs(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.scene = scene(self.portal)

    def logs_of(self, user_id: str) -> list[dict]:
        with api.env.adopt_user(username=user_id):
            return family_overview.my_family_logs()

    def render(self, user_id: str) -> str:
        with api.env.adopt_user(username=user_id):
            return self.portal.restrictedTraverse("@@my-logs")()

    def test_guardian_sees_exactly_their_logs(self):
        entries = self.logs_of("guardian")
        # What waits for a signature comes first.
        self.assertEqual(
            [e["uid"] for e in entries],
            [self.scene["draft"].UID(), self.scene["mine"].UID()],
        )
        _draft, mine = entries
        self.assertTrue(mine["readable"])
        self.assertEqual(mine["my_roles"], [p.GUARDIAN])
        self.assertEqual(mine["holders"], [{"id": "holder", "fullname": "Holder"}])
        self.assertEqual(mine["next_meeting"]["place"], "Solsida skole")
        self.assertIsNotNone(mine["newest_message"])
        self.assertEqual(mine["to_sign"], [])
        self.assertTrue(mine["withdraw_url"].endswith("/@@withdraw-consent"))
        self.assertTrue(mine["audit_url"].endswith("/@@log-audit"))
        self.assertTrue(mine["add_message_url"].endswith("/++add++LogMessage"))

    def test_newest_message_is_the_one_written_last(self):
        log = self.scene["mine"]
        with api.env.adopt_user(username="holder"):
            first = create(log, "LogMessage", kind="message", text="Første")
            second = create(log, "LogMessage", kind="message", text="Andre")
        second.creation_date = DateTime("2020-01-06 10:00 UTC")  # imported
        second.reindexObject()
        self.assertEqual(
            family_overview.newest_message(log), first.created().asdatetime()
        )
        second.creation_date = DateTime() + 1
        second.reindexObject()
        self.assertEqual(
            family_overview.newest_message(log), second.created().asdatetime()
        )

    def test_draft_log_shows_only_the_consent_to_sign(self):
        draft = self.logs_of("guardian")[0]
        self.assertFalse(draft["readable"])
        self.assertIsNone(draft["@id"])
        self.assertEqual(draft["holders"], [])
        self.assertEqual(
            [c["url"] for c in draft["to_sign"]],
            [f"{self.scene['waiting'].absolute_url()}/@@sign-consent"],
        )

    def test_young_person_sees_their_own_log(self):
        (entry,) = self.logs_of("young")
        self.assertEqual(entry["uid"], self.scene["young"].UID())
        self.assertEqual(entry["my_roles"], [p.YOUTH])

    def test_unrelated_person_and_staff_see_no_family_logs(self):
        for user_id in ("other", "helper", "holder"):
            with self.subTest(user_id):
                self.assertEqual(self.logs_of(user_id), [])

    def test_page_lists_the_guardians_logs_in_plain_words(self):
        html = self.render("guardian")
        self.assertEqual(html.count('class="card mb-4 bti-family-log"'), 2)
        self.assertIn("A.A.", html)
        self.assertIn("D.D.", html)
        self.assertNotIn("B.B.", html)
        self.assertNotIn("C.C.", html)
        self.assertIn(family_overview.plain_state("level1"), html)
        # The language switcher reloads this page in the chosen language.
        self.assertIn(f"{self.portal.absolute_url()}/@@my-logs?set_language=ar", html)
        self.assertIn("bti-sign-link", html)
        self.assertIn("@@log-audit", html)
        self.assertIn("@@withdraw-consent", html)
        # Never the child's full name or number on the family's list.
        self.assertNotIn(self.scene["mine"].full_name, html)
        self.assertNotIn(self.scene["mine"].national_id, html)

    def test_empty_state_says_how_to_get_access(self):
        html = self.render("other")
        self.assertIn("bti-family-empty", html)
        self.assertIn("stafettholderen", html)  # who to ask, in plain bokmål
        self.assertNotIn("bti-family-log", html)

    def test_anonymous_is_asked_to_log_in(self):
        logout()
        view = self.portal.restrictedTraverse("@@my-logs")
        with self.assertRaises(Unauthorized):
            view()

    def test_site_offers_the_five_languages(self):
        available = api.portal.get_registry_record("plone.available_languages")
        self.assertEqual(available[0], "nb")  # the site's own stays first
        self.assertEqual(set(available), set(FAMILY_LANGUAGES))
        self.assertTrue(api.portal.get_registry_record("plone.use_cookie_negotiation"))

    def test_my_logs_is_in_the_user_menu(self):
        action = self.portal.portal_actions.user["bti-my-logs"]
        self.assertEqual(action.url_expr, "string:${portal_url}/@@my-logs")


@contextmanager
def on_site(site):
    old = getSite()
    setSite(site)
    try:
        yield
    finally:
        setSite(old)


class TestFamilyPagesOnDemoSites(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def pages(self, site):
        folder = site["familie"]
        return [o for o in folder.objectValues() if o.portal_type == "FamilyPage"]

    def test_four_pages_in_five_languages_linked_as_translations(self):
        for site_id in SITES:
            site = self.layer["app"][site_id]
            with api.env.adopt_roles(["Manager"]), self.on(site):
                pages = self.pages(site)
                self.assertEqual(len(pages), 20, site_id)
                groups = {page.translation_group for page in pages}
                self.assertEqual(groups, {"log", "consent", "withdraw", "people"})
                for page in pages:
                    linked = translations(page)
                    self.assertEqual(list(linked), list(FAMILY_LANGUAGES), page.id)
                    self.assertEqual(
                        {other.translation_group for other in linked.values()},
                        {page.translation_group},
                    )
                    self.assertEqual(api.content.get_state(page), "published")
                    self.assertTrue(page.exclude_from_nav)

    def test_pages_are_public(self):
        site = self.layer["app"]["byn"]
        with self.on(site), api.env.adopt_roles(["Anonymous"]):
            catalog = api.portal.get_tool("portal_catalog")
            self.assertEqual(len(catalog(portal_type="FamilyPage")), 20)

    def test_arabic_page_is_right_to_left(self):
        site = self.layer["app"]["byn"]
        with self.on(site), api.env.adopt_roles(["Manager"]):
            page = site["familie"]["ar-consent"]
            self.assertEqual(page.language, "ar")
            html = page.restrictedTraverse("@@family-page")()
            self.assertIn('lang="ar" dir="rtl"', html)
            self.assertIn("الموافقة", html)
            # The switcher links the translations and sets the language.
            for code in FAMILY_LANGUAGES:
                self.assertIn(f"set_language={code}", html)
            bokmal = site["familie"]["samtykke"].absolute_url()
            self.assertIn(f"{bokmal}?set_language=nb", html)

    def test_editors_are_offered_the_missing_translations(self):
        site = self.layer["app"]["byn"]
        with self.on(site), api.env.adopt_roles(["Manager"]):
            folder = site["familie"]
            html = folder["samtykke"].restrictedTraverse("@@family-page")()
            self.assertNotIn("bti-family-translate", html)  # all five are there
            page = api.content.create(
                container=folder,
                type="FamilyPage",
                id="moter",
                title="Møtene",
                language="nb",
                translation_group="meetings",
            )
            api.content.transition(page, "publish")
            html = page.restrictedTraverse("@@family-page")()
            self.assertIn("bti-family-translate", html)
            for code in ("nn", "en", "ar", "uk"):
                self.assertIn(
                    f"++add++FamilyPage?form.widgets.language:list={code}"
                    "&amp;form.widgets.translation_group=meetings",
                    html,
                )
            self.assertEqual(list(translations(page)), ["nb"])

    def test_folder_lists_the_pages_in_the_site_language(self):
        for site_id, language, title in (
            ("byn", "nb", "Hva er Stafettloggen?"),
            ("sogndal", "nn", "Kva er Stafettloggen?"),
            ("sogndal", "ar", "ما هو سجلّ المتابعة؟"),
        ):
            site = self.layer["app"][site_id]
            # The language Plone negotiated for this request (one request
            # serves every demo site here).
            self.layer["request"]["LANGUAGE"] = language
            with self.on(site), api.env.adopt_roles(["Manager"]):
                html = site["familie"]()
                self.assertIn(title, html)
                self.assertEqual(html.count("bti-family-card"), 4)

    def on(self, site):
        return on_site(site)


class TestMyLogsOverHTTP(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.scene = scene(self.portal)
        transaction.commit()
        self.site_url = self.portal.absolute_url()

    def get(self, path: str, user: str | None, **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(
            f"{self.site_url}/{path}", auth=auth, timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def test_rest_my_logs(self):
        data = self.get("@my-logs", "guardian", headers=JSON).json()
        self.assertEqual(
            [entry["uid"] for entry in data["logs"]],
            [self.scene["draft"].UID(), self.scene["mine"].UID()],
        )
        self.assertEqual(data["language"], "nb")
        self.assertEqual(self.get("@my-logs", "other", headers=JSON).json()["logs"], [])
        [young] = self.get("@my-logs", "young", headers=JSON).json()["logs"]
        self.assertEqual(young["uid"], self.scene["young"].UID())
        self.assertEqual(self.get("@my-logs", None, headers=JSON).status_code, 401)

    def test_rest_search_and_log_overview_agree(self):
        readable = {
            "guardian": {self.scene["mine"].UID()},
            "young": {self.scene["young"].UID()},
            "other": set(),
        }
        for user_id, expected in readable.items():
            with self.subTest(user_id):
                search = "@search?portal_type=RelayLog&metadata_fields=UID"
                found = self.get(search, user_id, headers=JSON).json()["items"]
                self.assertEqual({item["UID"] for item in found}, expected)
                overview = self.get("logs/@log-overview", user_id, headers=JSON)
                mine = overview.json()["my_logs"]
                self.assertEqual({entry["uid"] for entry in mine}, expected)

    def test_page_follows_the_chosen_language(self):
        session = requests.Session()
        session.auth = ("guardian", "secret-guardian")
        self.addCleanup(session.close)
        page = f"{self.site_url}/@@my-logs"
        html = session.get(f"{page}?set_language=ar", timeout=60).text
        self.assertIn("سجلاتي", html)
        self.assertIn("المستوى 1", html)
        self.assertRegex(html, r'<body[^>]*dir="rtl"')
        self.assertEqual(session.cookies.get("I18N_LANGUAGE"), "ar")
        # The cookie keeps the choice on the next page; Ukrainian next.
        html = session.get(page, timeout=60).text
        self.assertIn("سجلاتي", html)
        html = session.get(f"{page}?set_language=uk", timeout=60).text
        self.assertIn("Мої журнали", html)
        self.assertRegex(html, r'<body[^>]*dir="ltr"')
        self.assertIsNone(re.search(r"سجلاتي", html))
