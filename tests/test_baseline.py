"""A shared baseline guide: ``plone`` is the baseline, folge-a and folge-b
follow it. Both see a baseline change; A takes it (a new version), B keeps
its own text; a new baseline page is new on both; only editors may look."""

from bti.portal.baseline.actions import answer
from bti.portal.baseline.actions import sync
from bti.portal.baseline.changes import pending
from bti.portal.baseline.diff import field_diffs
from bti.portal.baseline.pages import snapshot
from bti.portal.baseline.store import records
from bti.portal.commands.sync_baselines import sync_all
from bti.portal.interfaces import IBTISettings
from bti.portal.testing import BASELINE_SITES_FUNCTIONAL_TESTING
from bti.portal.testing import BrowserPage
from bti.portal.testing import FOLLOWERS
from bti.portal.testing import SCREENSHOTS
from bti.portal.validators import InvalidValue
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.textfield.value import RichTextValue
from Products.CMFCore.indexing import processQueue
from zope.component.hooks import site as site_hook
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import contextlib
import requests
import transaction
import unittest


STEP = "handlingsveileder/niva-1/kartlegg"
TOOL = "verktoy/observasjon"


def html(text: str) -> RichTextValue:
    return RichTextValue(text, "text/html", "text/x-html-safe")


class BaselineTestCase(unittest.TestCase):
    layer = BASELINE_SITES_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.baseline = self.layer["portal"]
        self.a, self.b = (self.app[site_id] for site_id in FOLLOWERS)

    @contextlib.contextmanager
    def as_admin(self, site):
        """Act on ``site`` as the Zope administrator, with its site hook."""
        with site_hook(site), api.env.adopt_user(username=SITE_OWNER_NAME):
            yield site
            processQueue()  # index in this site's catalog, as a request's end does

    def edit(self, site, path: str, text: str) -> None:
        with self.as_admin(site):
            page = site.unrestrictedTraverse(path)
            page.what_to_do = html(text)
            notify(ObjectModifiedEvent(page))

    def pending(self, site) -> dict:
        with site_hook(site):
            return {item.path: item for item in pending(site)}


class TestFollowing(BaselineTestCase):
    def test_sync_copied_the_baseline_into_both_sites(self):
        for site in (self.a, self.b):
            step = site.unrestrictedTraverse(STEP)
            self.assertEqual(step.number, 1)
            self.assertIn("Snakk med barnet", step.what_to_do.raw)
            self.assertIn("Skriv ned", site.unrestrictedTraverse(TOOL).text.raw)
            self.assertEqual(self.pending(site), {})
            with site_hook(site):
                self.assertEqual(len(records(site)), 5)

    def test_editors_find_the_page_in_their_menu_staff_do_not(self):
        with site_hook(self.a):
            tool = api.portal.get_tool("portal_actions")
            for userid, shown in (("redaktor", True), ("ansatt", False)):
                with api.env.adopt_user(username=userid):
                    ids = [a["id"] for a in tool.listFilteredActionsFor(self.a)["user"]]
                self.assertEqual("bti-baseline-changes" in ids, shown, userid)

    def test_a_takes_the_change_b_keeps_its_own_text(self):
        self.edit(self.b, STEP, "<p>Snakk med barnet. Ring helsestasjonen.</p>")
        self.edit(self.baseline, STEP, "<p>Snakk med barnet og begge foreldrene.</p>")
        upstream = self.baseline.unrestrictedTraverse(STEP).UID()

        for site in (self.a, self.b):
            change = self.pending(site)[STEP]
            self.assertEqual(change.kind, "changed")
            self.assertEqual(change.uid, upstream)
        self.assertFalse(self.pending(self.a)[STEP].local_edited)
        self.assertTrue(self.pending(self.b)[STEP].local_edited)
        diff = field_diffs(
            self.pending(self.a)[STEP].then, self.pending(self.a)[STEP].now
        )
        self.assertIn("<ins>begge </ins>", diff[2]["html"])

        with self.as_admin(self.a):
            history = api.portal.get_tool("portal_repository")
            step = self.a.unrestrictedTraverse(STEP)
            before = len(history.getHistoryMetadata(step) or [])
            self.assertEqual(answer(self.a, upstream, "take"), "taken")
            self.assertIn("begge foreldrene", step.what_to_do.raw)
            metadata = history.getHistoryMetadata(step)
            self.assertEqual(metadata.getLength(countPurged=False), before + 1)
        with self.as_admin(self.b):
            self.assertEqual(answer(self.b, upstream, "keep"), "kept")
        self.assertIn(
            "Ring helsestasjonen", self.b.unrestrictedTraverse(STEP).what_to_do.raw
        )
        self.assertEqual(self.pending(self.a), {})
        self.assertEqual(self.pending(self.b), {})

    def test_a_new_baseline_page_is_new_on_both_sites(self):
        with self.as_admin(self.baseline):
            level = self.baseline.unrestrictedTraverse("handlingsveileder/niva-1")
            step = api.content.create(
                level, "GuideStep", id="evaluer", title="Evaluer", number=3
            )
            step.what_to_do = html("<p>Se på målene sammen.</p>")
            api.content.transition(step, "publish")
        for site in (self.a, self.b):
            change = self.pending(site)["handlingsveileder/niva-1/evaluer"]
            self.assertEqual(change.kind, "new")
            self.assertIsNone(change.local)
        with self.as_admin(self.a):
            answer(self.a, step.UID(), "take")
        added = self.a.unrestrictedTraverse("handlingsveileder/niva-1/evaluer")
        self.assertEqual((added.number, snapshot(added)["title"]), (3, "Evaluer"))
        with self.as_admin(self.a):
            self.assertEqual(api.content.get_state(added), "private")
        with self.as_admin(self.b):
            self.assertEqual(sync(self.b)["added"], 1)
        self.assertEqual(self.pending(self.b), {})

    def test_the_cron_command_adds_new_pages_to_every_follower(self):
        with self.as_admin(self.baseline):
            api.content.create(
                self.baseline.verktoy, "Tool", id="sjekkliste", title="Sjekkliste"
            )
            api.content.transition(self.baseline.verktoy.sjekkliste, "publish")
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            reports = sync_all(self.app)
        self.assertEqual(set(reports), set(FOLLOWERS))
        for site in (self.a, self.b):
            self.assertEqual(reports[site.getId()]["added"], 1)
            self.assertEqual(site.verktoy.sjekkliste.title, "Sjekkliste")
            self.assertEqual(self.pending(site), {})

    def test_the_setting_takes_a_site_id_only(self):
        field = IBTISettings["baseline_site"]
        field.validate("trondelag")
        for wrong in ("Trøndelag fylke", "../plone", ""):
            with self.assertRaises(InvalidValue):
                field.validate(wrong)

    def test_a_removed_baseline_page_is_removed_upstream(self):
        with self.as_admin(self.baseline):
            api.content.delete(self.baseline.unrestrictedTraverse(TOOL))
        self.assertEqual(self.pending(self.a)[TOOL].kind, "removed")
        with self.as_admin(self.a):
            answer(self.a, self.pending(self.a)[TOOL].uid, "keep")
        self.assertEqual(self.pending(self.a), {})
        self.assertIsNotNone(self.a.unrestrictedTraverse(TOOL, None))


class TestOverHTTP(BaselineTestCase):
    def setUp(self):
        super().setUp()
        self.edit(self.baseline, STEP, "<p>Snakk med barnet, så foreldrene.</p>")
        self.uid = self.baseline.unrestrictedTraverse(STEP).UID()
        transaction.commit()

    def call(self, method, path, userid=None, **kwargs):
        headers = {"Accept": "application/json", "Accept-Language": "nb"}
        auth = (userid, f"{userid}-pw1") if userid else None
        return requests.request(
            method,
            f"{self.a.absolute_url()}/{path}",
            headers=headers,
            auth=auth,
            timeout=60,
            **kwargs,
        )

    def test_editors_list_and_answer(self):
        response = self.call("GET", "@baseline-changes", "redaktor")
        self.assertEqual(response.status_code, 200, response.text)
        items = response.json()["items"]
        self.assertEqual([(i["path"], i["kind"]) for i in items], [(STEP, "changed")])
        response = self.call(
            "POST",
            "@baseline-changes",
            "redaktor",
            json={"uid": self.uid, "action": "take"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["result"], "taken")
        response = self.call("GET", "@baseline-changes", "redaktor")
        self.assertEqual(response.json()["items"], [])

    def test_anonymous_and_staff_are_refused(self):
        for userid, statuses in ((None, (401,)), ("ansatt", (401, 403))):
            for method, kwargs in (("GET", {}), ("POST", {"json": {"action": "x"}})):
                response = self.call(method, "@baseline-changes", userid, **kwargs)
                self.assertIn(response.status_code, statuses, (userid, method))
                self.assertNotIn("Snakk med barnet", response.text)
        anonymous = requests.get(
            f"{self.a.absolute_url()}/@@baseline-changes",
            timeout=60,
            allow_redirects=False,
        )
        self.assertIn(anonymous.status_code, (302, 401))
        staff = requests.get(
            f"{self.a.absolute_url()}/@@baseline-changes",
            auth=("ansatt", "ansatt-pw1"),
            timeout=60,
            allow_redirects=False,
        )
        self.assertIn(staff.status_code, (302, 403))
        self.assertNotIn("Snakk med barnet", staff.text)

    def test_malformed_posts_are_400(self):
        bodies = (
            {"uid": self.uid, "action": "delete"},
            {"uid": self.uid},
            {"uid": ["x"], "action": "take"},
            {"uid": "no-such-uid", "action": "keep"},
            {"action": 1},
        )
        for body in bodies:
            response = self.call("POST", "@baseline-changes", "redaktor", json=body)
            self.assertEqual(response.status_code, 400, (body, response.text))
            self.assertIn("message", response.json())
        response = requests.post(
            f"{self.a.absolute_url()}/@baseline-changes",
            data="[1, 2",
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            auth=("redaktor", "redaktor-pw1"),
            timeout=60,
        )
        self.assertEqual(response.status_code, 400)
        # Nothing was answered.
        self.assertEqual(len(self.pending(self.a)), 1)


class TestChangesPage(BaselineTestCase):
    def test_editor_sees_the_diff_and_takes_it(self):
        self.edit(self.baseline, STEP, "<p>Snakk med barnet og begge foreldrene.</p>")
        self.edit(self.a, "handlingsveileder/niva-1/lag-plan", "<p>Vår egen plan.</p>")
        self.edit(
            self.baseline,
            "handlingsveileder/niva-1/lag-plan",
            "<p>Skriv mål, tiltak og evaluering i stafettloggen.</p>",
        )
        transaction.commit()
        browser = BrowserPage(viewport={"width": 1280, "height": 1100})
        self.addCleanup(browser.close)
        page = browser.page
        page.goto(f"{self.a.absolute_url()}/login")
        page.fill("#__ac_name", "redaktor")
        page.fill("#__ac_password", "redaktor-pw1")
        with page.expect_navigation():
            page.click("[name='buttons.login']")
        page.goto(f"{self.a.absolute_url()}/@@baseline-changes")
        self.assertIn(
            "Endringer i grunnveilederen", page.locator("#content h1").inner_text()
        )
        cards = page.locator(".bti-baseline-change")
        self.assertEqual(cards.count(), 2)
        first = cards.nth(0)
        self.assertIn("begge", first.locator(".bti-diff-upstream ins").inner_text())
        self.assertEqual(first.locator(".bti-diff-local").count(), 0)
        self.assertEqual(cards.nth(1).locator(".bti-diff-local").count(), 1)
        browser.shot("baseline-changes", full_page=True)
        with page.expect_navigation():
            first.get_by_role("button", name="Ta inn endringen").click()
        self.assertEqual(page.locator(".bti-baseline-change").count(), 1)
        with page.expect_navigation():
            page.get_by_role("button", name="Behold vår tekst").click()
        self.assertEqual(page.locator(".bti-baseline-change").count(), 0)
        self.assertTrue((SCREENSHOTS / "baseline-changes.png").exists())
