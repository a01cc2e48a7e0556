"""A routine from published to its next published version in headless
Chromium: an editor checks it out and changes it, two controllers confirm, a
colleague approves and checks it in; readers see the published version all
along. Screenshots in test-output/ (routine-*)."""

from bti.portal.routines import cycle
from bti.portal.testing import BrowserPage
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import SCREENSHOTS
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.test_routine_cycle import add_people
from tests.test_routine_cycle import PASSWORD

import transaction
import unittest


class TestRoutineRevisionInBrowser(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_people()
        with api.env.adopt_user(username="rita"):
            routine = api.content.create(
                self.portal,
                "Routine",
                title="Rutine for overganger",
                document_number="R-21",
                controllers=["kari", "ola"],
            )
            api.content.transition(routine, "send_to_control")
        for userid in ("kari", "ola"):
            with api.env.adopt_user(username=userid):
                cycle.approve_as_controller(routine)
        with api.env.adopt_user(username="gunn"):
            api.content.transition(routine, "approve")
            api.content.transition(routine, "publish")
        transaction.commit()
        self.url = routine.absolute_url()
        self.browser = BrowserPage(viewport={"width": 1280, "height": 900})
        self.pages = {}

    def tearDown(self):
        self.browser.close()

    def page(self, userid=None):
        """One browser context per person, logged in once."""
        if userid not in self.pages:
            page = self.browser.browser.new_page(
                viewport={"width": 1280, "height": 900}
            )
            page.set_default_timeout(30_000)
            self.pages[userid] = page
            if userid:
                page.goto(f"{self.portal.absolute_url()}/login")
                page.fill("#__ac_name", userid)
                page.fill("#__ac_password", PASSWORD)
                with page.expect_navigation():
                    page.click("[name='buttons.login']")
        return self.pages[userid]

    def shot(self, page, name):
        page.screenshot(path=str(SCREENSHOTS / f"routine-{name}.png"), full_page=True)

    def transition(self, page, name, title):
        page.click("#plone-contentmenu-workflow > a")
        link = page.locator(f"#workflow-transition-{name}")
        self.assertEqual(link.inner_text().strip(), title)
        with page.expect_navigation():
            link.click()

    def test_revision_with_a_colleagues_approval(self):
        reader = self.page()
        reader.goto(self.url)
        self.assertEqual(reader.locator(".bti-routine-version").inner_text(), "1")
        self.shot(reader, "1-published")

        # rita checks the routine out and writes the new version.
        rita = self.page("rita")
        rita.goto(f"{self.url}/@@content-checkout")
        with rita.expect_navigation():
            rita.click("[name='form.button.Checkout']")
        copy_url = rita.url.split("?")[0].rstrip("/")
        self.assertNotEqual(copy_url, self.url)
        rita.goto(f"{copy_url}/edit")
        self.assertEqual(rita.locator("#form-widgets-version").count(), 0)
        self.assertEqual(rita.locator("#form-widgets-approved_by").count(), 0)
        rita.fill("#form-widgets-IDublinCore-title", "Rutine for overganger, revidert")
        with rita.expect_navigation():
            rita.click("#form-buttons-save")
        self.assertIn("Utkast", rita.locator(".bti-routine-state").inner_text())
        self.transition(rita, "send_to_control", "Send til kontroll")
        self.assertIn("Til kontroll", rita.locator(".bti-routine-state").inner_text())
        self.shot(rita, "2-copy-in-control")

        # Readers still get the published version, with no lock to see.
        reader.goto(self.url)
        self.assertEqual(
            reader.locator("h1").first.inner_text(), "Rutine for overganger"
        )
        self.assertNotIn("låst", reader.content().lower())
        self.assertEqual(reader.locator(".bti-routine-working-copy").count(), 0)

        for userid in ("kari", "ola"):
            controller = self.page(userid)
            controller.goto(copy_url)
            with controller.expect_navigation():
                controller.click("text=Jeg har kontrollert denne versjonen")
        self.shot(controller, "3-controlled")

        # The author may not approve her own version.
        rita.goto(copy_url)
        rita.click("#plone-contentmenu-workflow > a")
        self.assertEqual(rita.locator("#workflow-transition-approve").count(), 0)
        self.assertIn(
            "Du har skrevet denne versjonen",
            rita.locator(".bti-routine-hint").inner_text(),
        )
        self.shot(rita, "4-author-cannot-approve")

        gunn = self.page("gunn")
        gunn.goto(copy_url)
        self.transition(gunn, "approve", "Godkjenn")
        self.assertIn("Godkjent", gunn.locator(".bti-routine-state").inner_text())
        self.assertEqual(gunn.locator(".bti-routine-version").inner_text(), "2")
        gunn.click("#plone-contentmenu-actions > a")
        checkin = gunn.locator("#plone-contentmenu-actions-iterate_checkin")
        self.assertIn("Sjekk inn", checkin.inner_text())
        self.shot(gunn, "5-approved-copy")
        with gunn.expect_navigation():
            checkin.click()
        gunn.fill("[name='checkin_message']", "Revidert etter årlig gjennomgang")
        with gunn.expect_navigation():
            gunn.click("[name='form.button.Checkin']")
        self.assertEqual(gunn.url.split("?")[0].rstrip("/"), self.url)
        self.shot(gunn, "6-checked-in")

        reader.goto(self.url)
        self.assertEqual(
            reader.locator("h1").first.inner_text(), "Rutine for overganger, revidert"
        )
        self.assertEqual(reader.locator(".bti-routine-version").inner_text(), "2")
        self.assertIn(
            "Gunn Testesen", reader.locator(".bti-routine-approved").inner_text()
        )
        reader.goto(f"{self.url}/@@routine-history")
        versions = reader.locator(".bti-history-version").all_inner_texts()
        self.assertEqual(versions, ["2", "1"])
        self.shot(reader, "7-history")
        # The working copy is gone.
        self.assertEqual(rita.goto(copy_url).status, 404)
