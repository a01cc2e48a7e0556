"""Accessibility journeys in headless Chromium on a demo site: a guardian (in
bokmål and in Arabic), a young person, a staff member and a unit leader open
the pages of their work at 1280 and 390 px. On every page axe-core (npm,
tests/axe, installed by scripts/install_axe.sh) finds no WCAG 2.0/2.1 A or AA
violation, and at 390 px nothing scrolls sideways. Pages are found by URL or
in the catalog, never by their text. Screenshots in test-output/ (axe-*)."""

from bti.portal.domain import permissions as p
from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_BROWSER_TESTING
from bti.portal.testing import use_temp_audit_dir
from pathlib import Path

import re
import unittest


AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 390)
SITE = "byn"
PASSWORD = "bti-demo"  # demo mode: local passwords (content/users.json)
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.flatMap((v) => v.nodes.map((n) =>
        v.id + " " + n.target.join(" ") + ": "
        + n.failureSummary.split("\\n").slice(1, 2).join("").trim()));
}"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# Who overflows at 390 px: elements wider than the viewport (for the message).
WIDE = """() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
         + (e.className && e.className.baseVal === undefined
            ? "." + String(e.className).trim().split(/\\s+/).join(".") : ""))"""


class TestAxeJourneys(unittest.TestCase):
    layer = DEMO_SITES_BROWSER_TESTING
    level = 2

    def setUp(self):
        self.assertTrue(AXE_JS.exists(), f"{AXE_JS} is missing: make axe-core")
        use_temp_audit_dir(self)
        self.site = self.layer["app"][SITE]
        self.site_url = f"http://localhost:{self.layer['port']}/{SITE}"
        self.checked = set()
        self.browser = None

    def new_browser(self) -> None:
        """A fresh browser (no cookies) for the next person."""
        if self.browser is not None:
            self.browser.close()
        self.browser = BrowserPage(viewport={"width": 1280, "height": 900})
        self.page = self.browser.page

    def tearDown(self):
        if self.browser is not None:
            self.browser.close()

    def test_journeys(self):
        for journey in (
            self.anonymous_reader,
            self.guardian_in_bokmal_and_arabic,
            self.young_person,
            self.staff_member,
            self.unit_leader,
        ):
            self.new_browser()
            journey()
        self.assertGreaterEqual(len(self.checked), 20, sorted(self.checked))

    # Finding pages by URL, in the catalog.

    def find(self, **query) -> list[str]:
        catalog = self.site.portal_catalog.unrestrictedSearchResults
        return [brain.getURL() for brain in catalog(sort_on="path", **query)]

    def url(self, path: str) -> str:
        """A catalog URL (the request's host) made into the test server's URL."""
        return self.site_url + path.split(f"/{SITE}", 1)[1]

    def log_where(self, user_id: str, role: str, state: str | None = None) -> str:
        """The first log on which ``user_id`` has ``role`` (in ``state``)."""
        query = {"portal_type": "RelayLog"}
        if state:
            query["review_state"] = state
        for brain in self.site.portal_catalog.unrestrictedSearchResults(
            sort_on="path", **query
        ):
            log = brain._unrestrictedGetObject()
            if role in log.get_local_roles_for_userid(user_id):
                return self.url(brain.getURL())
        raise AssertionError(f"no log where {user_id} is {role}")

    def path(self, url: str) -> str:
        return "/".join(self.site.getPhysicalPath()) + url.split(f"/{SITE}", 1)[1]

    def first_in(self, container_url: str, portal_type: str) -> str:
        return self.url(
            self.find(portal_type=portal_type, path=self.path(container_url))[0]
        )

    # The browser.

    def login(self, user_id: str) -> None:
        page = self.page
        page.goto(f"{self.site_url}/login")
        page.fill("#__ac_name", user_id)
        page.fill("#__ac_password", PASSWORD)
        with page.expect_navigation():
            page.click("[name='buttons.login']")

    def use_language(self, language: str) -> None:
        """The site's language switcher, as a person uses it."""
        self.page.goto(f"{self.site_url}/@@my-logs")
        with self.page.expect_navigation():
            self.page.click(f".bti-language-switcher a[data-language={language}]")
        self.assertEqual(self.page.locator("html").get_attribute("lang"), language)

    def check(self, who: str, name: str, url: str, status: int = 200) -> None:
        """axe and the width on one page, at each width."""
        page = self.page
        for width in WIDTHS:
            with self.subTest(who=who, page=name, width=width):
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url)
                self.assertEqual(response.status, status, f"{name}: {page.url}")
                page.wait_for_load_state("load")
                self.browser.shot(f"axe-{who}-{name}-{width}", full_page=True)
                page.add_script_tag(path=str(AXE_JS))
                violations = page.evaluate(RUN_AXE, AXE_TAGS)
                self.assertEqual(violations, [], f"{name} ({page.url}) at {width} px")
                if width < 500:
                    self.assertLessEqual(
                        page.evaluate(OVERFLOW),
                        0,
                        f"{name} scrolls sideways at {width} px: {page.evaluate(WIDE)}",
                    )
        self.checked.add(re.sub(r"\?.*", "", url.replace(self.site_url, "")) or "/")

    # The journeys.

    def anonymous_reader(self):
        base = self.site_url
        guide = self.find(portal_type="Guide")[0]
        level = self.find(portal_type="GuideLevel", getId="niva-1")[0]
        step = self.find(
            portal_type="GuideStep", path={"query": self.path(level), "depth": 1}
        )[0]
        tool = self.find(portal_type="Tool", review_state="published")[0]
        family_page = self.find(portal_type="FamilyPage")[0]
        self.check("anon", "front", base)
        self.check("anon", "guide", self.url(guide))
        self.check("anon", "level", self.url(level))
        self.check("anon", "step", self.url(step))
        self.check("anon", "tool", self.url(tool))
        self.check("anon", "guide-search", f"{base}/@@guide-search?q=samtykke")
        self.check("anon", "search", f"{base}/@@search?SearchableText=samtykke")
        self.check("anon", "family-pages", f"{base}/familie")
        self.check("anon", "family-page", self.url(family_page))
        self.check("anon", "404", f"{base}/no-such-page", status=404)
        self.check("anon", "login", f"{base}/login")

    def guardian_in_bokmal_and_arabic(self):
        self.login("forelder")
        log = self.log_where("forelder", p.GUARDIAN, "level2")
        evaluation = self.first_in(log, "Evaluation")
        message = self.first_in(log, "LogMessage")
        self.check("guardian-nb", "my-logs", f"{self.site_url}/@@my-logs")
        self.check("guardian-nb", "log", log)
        self.check("guardian-nb", "evaluation", evaluation)
        self.check("guardian-nb", "message", message)
        self.check("guardian-nb", "message-form", f"{log}/++add++LogMessage")
        self.use_language("ar")
        self.check("guardian-ar", "my-logs", f"{self.site_url}/@@my-logs")
        self.check("guardian-ar", "log", log)
        self.check("guardian-ar", "evaluation", evaluation)
        self.check("guardian-ar", "family-pages", f"{self.site_url}/familie")
        self.check("guardian-ar", "404", f"{self.site_url}/no-such-page", 404)
        self.use_language("nb")

    def young_person(self):
        self.login("ungdom")
        log = self.log_where("ungdom", p.YOUTH)
        self.check("youth", "my-logs", f"{self.site_url}/@@my-logs")
        self.check("youth", "log", log)
        self.check("youth", "front", self.site_url)

    def staff_member(self):
        self.login("ansatt")
        log = self.log_where("ansatt", p.RELAY_HOLDER, "level2")
        evaluation = self.first_in(log, "Evaluation")
        consent = self.first_in(log, "Consent")
        folder = f"{self.site_url}/logs"
        self.check("staff", "my-logs", f"{self.site_url}/@@my-logs")
        self.check("staff", "logs", folder)
        self.check("staff", "log", log)
        self.check("staff", "consent", consent)
        self.check("staff", "evaluation", evaluation)
        self.check("staff", "goal-form", f"{log}/++add++Goal")
        self.check("staff", "consent-form", f"{log}/++add++Consent")
        self.check("staff", "concerns", f"{folder}/@@concerns")
        self.check("staff", "concern-form", f"{folder}/++add++Concern")

    def unit_leader(self):
        self.login("leder")
        folder = f"{self.site_url}/logs"
        self.check("leader", "my-logs", f"{self.site_url}/@@my-logs")
        self.check("leader", "logs", folder)
        self.check("leader", "statistics", f"{folder}/@@statistics")
        self.check("leader", "concerns", f"{folder}/@@concerns")
        # A concern of the leader's own units: the first their list links to.
        concern = self.page.locator("td a[href*='/logs/']").first.get_attribute("href")
        self.check("leader", "concern", concern)
