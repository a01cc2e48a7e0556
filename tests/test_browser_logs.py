"""An employee in headless Chromium: notes a concern, decides to start a
Stafettlogg, fills in the child's details on the new log, and adds a goal with
an activity. Screenshots in test-output/ (logs-*)."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import valid_nid
from tests.test_logs_decisions import add_concern

import transaction
import unittest


class TestConcernToLogInBrowser(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING
    level = 2

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record(
            "bti.portal.oidc.demo_mode", True
        )  # local passwords
        add_user("ansatt", "Anne Ansatt")
        add_user("leder", "Leif Leder")
        self.unit = add_unit(
            self.portal,
            "Solsida barnehage",
            "kindergarten",
            leaders=["leder"],
            staff=["ansatt"],
        )
        # An older concern, past the site's level-0 deadline (28 days).
        add_concern(
            self.portal,
            self.unit,
            "ansatt",
            title="A.B.",
            noticed=date.today() - timedelta(days=40),
        )
        transaction.commit()
        self.site_url = self.portal.absolute_url()
        self.browser = BrowserPage(viewport={"width": 1280, "height": 900})
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

    def shot(self, name: str) -> None:
        self.browser.shot(f"logs-{name}", full_page=True)

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def login(self, user_id: str) -> None:
        page = self.page
        page.goto(f"{self.site_url}/login")
        page.fill("#__ac_name", user_id)
        page.fill("#__ac_password", "secret-" + user_id)
        self.submit("[name='buttons.login']")

    def test_concern_to_log_with_goal_and_activity(self):
        page = self.page
        self.login("ansatt")

        page.goto(f"{self.site_url}/logs/@@concerns")
        self.assertEqual(
            page.locator(".bti-concerns-open .bti-concern[data-overdue=true]").count(),
            1,
        )
        self.shot("1-concerns")
        self.submit(".bti-add-concern")
        self.assertIn("++add++Concern", page.url)
        self.assertEqual(page.locator("#form-widgets-decision").count(), 0)
        page.fill("#form-widgets-title", "K.L.")
        page.select_option("#form-widgets-unit", self.unit.UID())
        page.fill(
            "#form-widgets-what_noticed", "Trøtt og lei seg flere morgener på rad."
        )
        page.fill("#form-widgets-talk_with_child", "Sier hun sover dårlig.")
        page.fill("#form-widgets-talk_with_parents", "Mor kjenner seg igjen.")
        self.shot("2-add-concern")
        self.submit("#form-buttons-save")

        self.assertEqual(page.locator(".bti-decision-form").count(), 1)
        self.assertEqual(
            page.locator(".bti-concern-deadline").get_attribute("data-overdue"), "false"
        )
        concern_url = page.url.split("/@@")[0].rstrip("/")
        page.check("#decision-start_log")
        self.shot("3-concern-decide")
        self.submit("[name='form.buttons.decide']")

        self.assertTrue(page.url.endswith("/edit"), page.url)
        log_url = page.url.rsplit("/", 1)[0]
        self.assertEqual(page.locator("#form-widgets-title").input_value(), "K.L.")
        page.fill("#form-widgets-full_name", "Kari Lise Testbarn")
        page.fill("#form-widgets-national_id", "12345678901")  # wrong check digits
        self.submit("#form-buttons-save")
        self.assertGreater(
            page.locator(".invalid-feedback, .fieldErrorBox .error").count(), 0
        )
        self.shot("4-log-edit-error")
        page.fill("#form-widgets-national_id", valid_nid())
        self.shot("5-log-edit")
        self.submit("#form-buttons-save")
        self.assertFalse(page.url.endswith("/edit"), page.url)
        self.shot("6-log")

        # The log's add link (its page or the toolbar's add menu).
        self.submit("a[href$='/++add++Goal']:visible >> nth=0")
        self.assertIn("++add++Goal", page.url)
        page.select_option("#form-widgets-area", "home")
        page.fill("#form-widgets-title", "Sove godt om natta")
        page.fill("#form-widgets-criteria", "Hun sier selv at hun er uthvilt.")
        self.shot("7-add-goal")
        self.submit("#form-buttons-save")
        # Saving returns to the log page, where the new goal is listed.
        self.assertEqual(page.url.split("?")[0].rstrip("/"), log_url, page.url)
        goal_link = page.locator(".bti-goal h3 a", has_text="Sove godt om natta")
        goal_url = goal_link.get_attribute("href").removesuffix("/view")
        self.assertTrue(goal_url.startswith(log_url + "/"), goal_url)

        page.goto(f"{goal_url}/++add++Activity")
        page.fill("#form-widgets-title", "Fast leggetid klokka åtte")
        page.select_option("#form-widgets-responsible", "ansatt")
        page.fill("#form-widgets-deadline", "2030-01-31")
        self.shot("8-add-activity")
        self.submit("#form-buttons-save")
        self.shot("9-activity")

        page.goto(concern_url)
        self.assertEqual(page.locator(".bti-decision-form").count(), 0)
        self.assertEqual(page.locator(".bti-concern-log").count(), 1)
        self.shot("10-concern-decided")
        page.goto(f"{self.site_url}/logs/@@concerns")
        self.assertEqual(page.locator(".bti-concerns-open .bti-concern").count(), 1)
        self.assertEqual(page.locator(".bti-concerns-decided .bti-concern").count(), 1)
        self.shot("11-concerns")

        # What the browser did landed in the database.
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(portal_type="RelayLog")
        log = brain._unrestrictedGetObject()
        self.assertEqual(log.absolute_url(), log_url)
        self.assertEqual(log.full_name, "Kari Lise Testbarn")
        self.assertEqual(api.content.get_state(log), "draft")
        (goal,) = [item for item in log.objectValues() if item.portal_type == "Goal"]
        activities = [
            item for item in goal.objectValues() if item.portal_type == "Activity"
        ]
        self.assertEqual([a.responsible for a in activities], ["ansatt"])
