"""Statistics over HTTP: a log's transition is counted, who may see what,
the CSV, clear 400s in nb/nn/en, the backfill of the upgrade step, and the
page in Chromium (nb and en, 1280 and 390 px, axe-core finds no WCAG A/AA
violation; screenshots in test-output/)."""

from bti.portal.domain import statistics as s
from bti.portal.relaylog import create
from bti.portal.relaylog.statistics import record_event
from bti.portal.relaylog.statistics import store
from bti.portal.relaylog.statistics.history import log_events
from bti.portal.relaylog.statistics.history import rebuild
from bti.portal.testing import BrowserPage
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.upgrades import v1018_statistics
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_browser_axe import AXE_JS
from tests.test_browser_axe import AXE_TAGS
from tests.test_browser_axe import RUN_AXE
from types import SimpleNamespace

import base64
import csv
import io
import requests
import transaction
import unittest


TODAY = date.today()
QUARTER = str(s.Quarter.of(TODAY))


class StatisticsCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        for user in ("holder", "leader", "coordinator", "stranger"):
            add_user(user)
        add_user("mor", staff=False)
        api.group.add_user(groupname="bti-coordinators", username="coordinator")
        self.school = add_unit(
            self.portal, "Skolen", "school", leaders=["leader"], staff=["holder"]
        )
        self.kindergarten = add_unit(self.portal, "Barnehagen", "kindergarten")
        self.log = add_log(self.portal, self.school, "holder")
        self.log.manage_setLocalRoles("mor", ["Guardian"])
        with api.env.adopt_user(username="holder"):
            create(
                self.log,
                "Consent",
                kind="create",
                signed=TODAY,
                signed_by=["mor", "far"],
            )
        self.url = f"{self.portal['logs'].absolute_url()}/@statistics"
        transaction.commit()

    def get(self, url, user=None, accept="application/json", language="nb", **params):
        headers = {"Accept": accept}
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(
            url,
            params=params,
            auth=auth,
            headers=headers,
            cookies={"I18N_LANGUAGE": language},  # the language switcher's cookie
            timeout=120,
            allow_redirects=False,
        )
        self.addCleanup(response.close)
        return response

    def started(self, data, quarter=QUARTER):
        return data["tables"]["per_quarter"]["cells"][s.LOG_STARTED][quarter]


class TestCounting(StatisticsCase):
    def test_a_started_log_is_counted_and_shown_from_five(self):
        for _n in range(3):
            record_event(self.portal, s.LOG_STARTED, self.school, 1)
        with api.env.adopt_user(username="holder"):
            api.content.transition(obj=self.log, transition="start")
        transaction.commit()
        self.assertEqual(
            dict(store.items(self.portal))[
                (QUARTER, self.school.UID(), 1, s.LOG_STARTED, "")
            ],
            4,
        )
        data = self.get(self.url, "coordinator").json()
        self.assertIsNone(self.started(data))  # 4: hidden
        record_event(self.portal, s.LOG_STARTED, self.school.UID(), 1)
        transaction.commit()
        data = self.get(self.url, "coordinator").json()
        self.assertEqual(self.started(data), 5)
        self.assertEqual(data["quarters"][-1], QUARTER)
        self.assertEqual(len(data["quarters"]), 4)
        self.assertEqual(
            [unit["title"] for unit in data["units"]], ["Barnehagen", "Skolen"]
        )
        self.assertEqual(
            data["tables"]["per_unit"]["cells"][self.school.UID()][s.LOG_STARTED], 5
        )
        # The individual plan's kind is counted once its feature records it.
        self.assertIn(s.INDIVIDUAL_PLAN, data["tables"]["per_quarter"]["cells"])

    def test_the_upgrade_counts_the_histories_again(self):
        with api.env.adopt_user(username="holder"):
            api.content.transition(obj=self.log, transition="start")
            self.log.close_reason = "goals_reached"
            api.content.transition(obj=self.log, transition="close")
        with api.env.adopt_user(username="holder"):
            concern = create(
                self.portal["logs"], "Concern", title="A.B.", unit=self.school.UID()
            )
        record_event(self.portal, s.INDIVIDUAL_PLAN, self.school, 4)
        before = dict(store.items(self.portal))
        school = self.school.UID()
        self.assertEqual(before[(QUARTER, school, 1, s.CLOSED, "goals_reached")], 1)
        self.assertEqual(before[(QUARTER, school, 0, s.CONCERN_NOTED, "")], 1)
        store.counts_of(self.portal).clear()
        record_event(self.portal, s.INDIVIDUAL_PLAN, self.school, 4)
        v1018_statistics.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(dict(store.items(self.portal)), before)
        self.assertEqual(rebuild(self.portal), 3)  # again: the same, not twice
        self.assertEqual(dict(store.items(self.portal)), before)
        self.assertTrue(concern)


class TestAccess(StatisticsCase):
    def test_who_may_see_the_statistics(self):
        self.assertEqual(self.get(self.url).status_code, 401)
        for user in ("stranger", "holder", "mor"):
            with self.subTest(user=user):
                self.assertIn(self.get(self.url, user).status_code, (401, 403))
                page = self.get(self.url.replace("@stat", "@@stat"), user, "text/html")
                self.assertIn(page.status_code, (401, 403, 302))
        coordinator = self.get(self.url, "coordinator")
        self.assertEqual(coordinator.status_code, 200, coordinator.text)
        leader = self.get(self.url, "leader")
        self.assertEqual(leader.status_code, 200, leader.text)
        self.assertEqual([unit["title"] for unit in leader.json()["units"]], ["Skolen"])
        other = self.get(self.url, "leader", unit=self.kindergarten.UID())
        self.assertEqual(other.status_code, 400)
        mine = self.get(self.url, "leader", unit=self.school.UID())
        self.assertEqual(mine.json()["unit"], self.school.UID())

    def test_bad_parameters_are_a_clear_400_in_three_languages(self):
        expected = {
            "nb": "Skriv kvartalet",
            "nn": "Skriv kvartalet",
            "en": "Write the quarter",
        }
        for language, text in expected.items():
            for bad in ({"from": "2026Q7"}, {"to": "<b>x</b>"}, {"from": ["a", "b"]}):
                response = self.get(self.url, "coordinator", language=language, **bad)
                self.assertEqual(response.status_code, 400, bad)
                self.assertIn(text, response.json()["error"]["message"])
        reversed_range = self.get(
            self.url,
            "coordinator",
            **{
                "from": "2026Q4",
                "to": "2026Q1",
            },
        )
        self.assertEqual(reversed_range.status_code, 400)
        self.assertEqual(reversed_range.json()["error"]["code"], "stats_range_invalid")
        self.assertEqual(
            self.get(self.url, "coordinator", format="xml").status_code, 400
        )
        page = self.get(
            self.url.replace("@stat", "@@stat"), "coordinator", "text/html", to="x"
        )
        self.assertEqual(page.status_code, 400)
        self.assertIn("Skriv kvartalet", page.text)


class TestCsv(StatisticsCase):
    def test_csv_by_parameter_and_by_accept(self):
        for _n in range(7):
            record_event(self.portal, s.CLOSED, self.school, 2, "goals_reached")
        record_event(self.portal, s.CLOSED, self.school, 2, "moved")
        transaction.commit()
        for response in (
            self.get(self.url, "coordinator", format="csv"),
            self.get(self.url, "coordinator", accept="text/csv"),
            self.get(
                self.url.replace("@stat", "@@stat"), "coordinator", "*/*", format="csv"
            ),
        ):
            self.assertEqual(response.status_code, 200, response.text)
            self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
            self.assertIn("attachment", response.headers["Content-Disposition"])
            rows = list(csv.reader(io.StringIO(response.text)))
            self.assertEqual(rows[0], ["table", "row", "column", "value"])
            # 8 closed: rounded to 10; goals reached (7) to 5; moved (1) hidden.
            self.assertIn(["per_quarter", "Logger avsluttet", QUARTER, "10"], rows)
            reasons = [row for row in rows if row[0] == "reasons_closed"]
            self.assertIn(["reasons_closed", "Barnet flyttet", "Totalt", "<5"], reasons)
            self.assertIn(["reasons_closed", "Målene nådd", "Totalt", "5"], reasons)
            self.assertIn(["reasons_closed", "total", "Totalt", "10"], reasons)
            # A reason, not the kind of the same code.
            self.assertIn(
                ["reasons_closed", "En individuell plan tok over", "Totalt", "0"],
                reasons,
            )
            numbers = {row[3] for row in rows[1:]} - {"<5", ":"}
            self.assertFalse({n for n in numbers if int(n) % 5}, numbers)


class TestPageInChromium(StatisticsCase):
    def test_the_page_in_bokmal_and_english(self):
        for _n in range(6):
            record_event(self.portal, s.CONCERN_NOTED, self.school, 0)
        for _n in range(9):
            record_event(self.portal, s.CLOSED, self.school, 1, "goals_reached")
        record_event(self.portal, s.CLOSED, self.kindergarten, 2, "moved")
        transaction.commit()
        token = base64.b64encode(b"coordinator:secret-coordinator").decode()
        for language in ("nb", "en"):
            browser = BrowserPage(
                viewport={"width": 1280, "height": 900},
                extra_http_headers={"Authorization": f"Basic {token}"},
            )
            try:
                self.walk(browser, language)
            finally:
                browser.close()

    def walk(self, browser, language):
        page = browser.page
        page.context.add_cookies([
            {"name": "I18N_LANGUAGE", "value": language, "url": self.url}
        ])
        response = page.goto(self.url.replace("@stat", "@@stat"))
        self.assertEqual(response.status, 200)
        self.assertEqual(page.locator("svg.bti-chart").count(), 9)
        title = page.locator("#chart-closed-title").text_content()
        self.assertEqual(
            title, {"nb": "Logger avsluttet", "en": "Logs closed"}[language]
        )
        desc = page.locator("#chart-closed-desc").text_content()
        self.assertIn(f"{QUARTER}: 10", desc)
        rule = {"nb": "avrundet til nærmeste 5", "en": "rounded to the nearest 5"}
        self.assertIn(rule[language], page.locator("#bti-stats-rule").inner_text())
        hidden = {"nb": "færre enn 5", "en": "fewer than 5"}[language]
        self.assertIn(hidden, page.locator("#stats-per_unit ~ div").inner_text())
        browser.shot(f"statistics-{language}-1280", full_page=True)
        self.assertEqual(self.axe(page), [], language)
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(self.url.replace("@stat", "@@stat"))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        self.assertLessEqual(overflow, 0)
        browser.shot(f"statistics-{language}-390", full_page=True)
        self.assertEqual(self.axe(page), [], f"{language} at 390 px")

    def axe(self, page) -> list[str]:
        """WCAG 2.0/2.1 A and AA violations axe-core finds on the page."""
        page.add_script_tag(path=str(AXE_JS))
        return page.evaluate(RUN_AXE, AXE_TAGS)


class TestHistories(unittest.TestCase):
    """What the upgrade counts from a log's workflow history (no site needed)."""

    def test_passive_then_closed_reopened_and_closed_again(self):
        log = SimpleNamespace(
            close_reason="goals_reached",
            workflow_history={
                "bti_relaylog_workflow": tuple(
                    {"action": action, "review_state": state, "time": f"t{n}"}
                    for n, (action, state) in enumerate([
                        (None, "draft"),
                        ("start", "level1"),
                        ("to_level2", "level2"),
                        ("to_level1", "level1"),
                        ("to_level3", "level3"),
                        ("withdraw_consent", "passive"),
                        ("close", "closed"),
                        ("reopen", "level1"),
                        ("close", "closed"),
                    ])
                )
            },
        )
        self.assertEqual(
            list(log_events(log)),
            [
                (s.LOG_STARTED, 1, None, "t1"),
                (s.ESCALATED, 2, None, "t2"),
                (s.ESCALATED, 3, None, "t4"),
                (s.PASSIVE, 3, None, "t5"),
                (s.CLOSED, 3, s.UNKNOWN_REASON, "t6"),  # its reason is gone
                (s.CLOSED, 1, "goals_reached", "t8"),
            ],
        )
