"""The guide inside a log: the steps of the log's level on its page, in order,
with their tools and the buttons of the log actions they name; the next
level's first steps when a transition is near; never for the family.
Also: the rules (pure), the step's new field, the demo guides and upgrade 1009."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.guide import reading
from bti.portal.relaylog.guide import rules
from bti.portal.relaylog.guide.actions import VOCABULARY
from bti.portal.relaylog.guide.reading import CACHE_KEY
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from datetime import date
from datetime import timedelta
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.test_views_logs import active_log
from tests.test_views_logs import add_consent
from tests.test_views_logs import set_up_people
from z3c.relationfield import RelationValue
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import json
import re
import unittest


CONTENT = Path(__file__).parent.parent / "content"
TODAY = date(2026, 3, 10)


def publish(obj):
    api.content.transition(obj=obj, transition="publish")


def build_guide(portal):
    """A small guide: level 1 with three steps (one with a tool), level 2 with three."""
    tools = api.content.create(portal, "Folder", title="Verktøy")
    publish(tools)
    tool = api.content.create(tools, "Tool", title="Mål og tiltak-verktøy")
    publish(tool)
    guide = api.content.create(portal, "Guide", title="Handlingsveileder")
    publish(guide)
    intids = getUtility(IIntIds)
    steps = {
        1: (
            ("Hent inn samtykke", "add_consent", []),
            ("Start loggen", "start", []),
            ("Sett mål", "add_goal", [tool]),
        ),
        2: (
            ("Avklar tjenesten", "add_consent", []),
            ("Inviter tjenesten", "share", []),
            ("Felles mål", "add_goal", []),
        ),
    }
    for level, items in steps.items():
        page = api.content.create(
            guide, "GuideLevel", title=f"Nivå {level} i veilederen", level=level
        )
        publish(page)
        for number, (title, action, related) in enumerate(items, start=1):
            step = api.content.create(
                page,
                "GuideStep",
                title=title,
                number=number,
                log_action=action,
                tools=[RelationValue(intids.getId(obj)) for obj in related],
            )
            publish(step)
    return guide


def section(html: str) -> str:
    """The guide section of a log page ('' when there is none)."""
    match = re.search(r'<section class="bti-log-guide.*?</section>', html, re.S)
    return match.group(0) if match else ""


class TestRules(unittest.TestCase):
    """Pure rules: no Plone."""

    def test_level_of_each_state(self):
        self.assertEqual(rules.guide_level("draft"), 1)
        self.assertEqual(rules.guide_level("level2"), 2)
        self.assertEqual(rules.guide_level("level3"), 3)
        self.assertIsNone(rules.guide_level("passive"))
        self.assertIsNone(rules.guide_level("closed", "goals_reached"))
        self.assertEqual(rules.guide_level("closed", "individual_plan"), 4)

    def test_next_level_only_for_active_logs(self):
        self.assertEqual(rules.next_level("level1", 1), 2)
        self.assertEqual(rules.next_level("level3", 3), 4)
        self.assertIsNone(rules.next_level("draft", 1))
        self.assertIsNone(rules.next_level("closed", 4))

    def test_near_when_evaluation_or_meeting_due_or_guard_passes(self):
        far = TODAY + timedelta(days=30)
        self.assertEqual(
            rules.near_reasons(today=TODAY, open_deadlines=[far], meetings=[far]), []
        )
        self.assertEqual(
            rules.near_reasons(today=TODAY, open_deadlines=[TODAY + timedelta(3)]),
            [rules.EVALUATION_DUE],
        )
        self.assertEqual(
            rules.near_reasons(today=TODAY, open_deadlines=[TODAY - timedelta(9)]),
            [rules.EVALUATION_DUE],
        )
        # A past meeting is not a coming one.
        self.assertEqual(
            rules.near_reasons(today=TODAY, meetings=[TODAY - timedelta(1)]), []
        )
        self.assertEqual(
            rules.near_reasons(
                today=TODAY, meetings=[TODAY + timedelta(2)], next_guard_passes=True
            ),
            [rules.MEETING_SOON, rules.NEXT_LEVEL_POSSIBLE],
        )


class TestDemoGuides(unittest.TestCase):
    def test_demo_steps_name_known_actions_on_levels_one_to_three(self):
        tokens = {term.token for term in VOCABULARY}
        for language in ("nb", "nn"):
            data = json.loads((CONTENT / language / "guide.json").read_text())
            named = {}
            stack = list(data["items"])
            while stack:
                item = stack.pop()
                stack.extend(item.get("children", []))
                if item["type"] == "GuideLevel":
                    for step in item.get("children", []):
                        if "log_action" in step:
                            self.assertIn(step["log_action"], tokens, language)
                            named.setdefault(item["level"], []).append(step)
            for level in (1, 2, 3):
                self.assertGreaterEqual(len(named.get(level, [])), 4, language)
            self.assertNotIn(0, named, language)  # level 0 is before any log


class LogGuideTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.school, self.health, self.ppt = set_up_people(self.portal)
        self.guide = build_guide(self.portal)

    def render(self, log, user_id: str) -> str:
        IAnnotations(self.request).pop(CACHE_KEY, None)  # a new request
        with api.env.adopt_user(username=user_id):
            return log.restrictedTraverse("@@log-view")()


class TestGuideOnLogPage(LogGuideTestCase):
    def setUp(self):
        super().setUp()
        self.log = active_log(self.portal, self.school, cooperation=())

    def test_holder_sees_level_one_steps_in_order_with_tools_and_action(self):
        html = section(self.render(self.log, "holder"))
        self.assertIn('data-level="1"', html)
        self.assertIn("Veilederen for nivå 1", html)
        numbers = re.findall(r'class="bti-guide-step[^"]*"\s+data-number="(\d)"', html)
        self.assertEqual(numbers, ["1", "2", "3"])
        titles = [html.index(t) for t in ("Hent inn", "Start loggen", "Sett mål")]
        self.assertEqual(titles, sorted(titles))
        step = html[html.index("Sett mål") :]
        self.assertIn("Mål og tiltak-verktøy", step)
        self.assertIn(
            self.portal["verktoy"]["mal-og-tiltak-verktoy"].absolute_url(), step
        )
        # The step's action as a button: the holder may add goals.
        self.assertRegex(
            step, r'bti-guide-action"\s+href="[^"]+/\+\+add\+\+Goal"\s+data-action'
        )
        self.assertIn("++add++Consent", html)  # step 1: the holder records consent
        # The log is started: no "start" button; not near: no next level.
        self.assertNotIn("workflow_action=start", html)
        self.assertNotIn("bti-guide-next", html)
        # Linked into the site's guide: the level page and each step.
        page = self.guide["niva-1-i-veilederen"]
        self.assertIn(f'href="{page.absolute_url()}"', html)
        self.assertIn(f'href="{page["sett-mal"].absolute_url()}"', html)

    def test_participant_sees_steps_without_the_button_they_may_not_use(self):
        give(self.log, "nurse", p.PARTICIPANT)
        html = section(self.render(self.log, "nurse"))
        self.assertIn("Hent inn samtykke", html)
        self.assertNotIn("++add++Consent", html)  # participants record no consent
        self.assertIn("++add++Goal", html)  # but add goals

    def test_family_never_sees_the_guide(self):
        give(self.log, "mor", p.GUARDIAN)
        html = self.render(self.log, "mor")
        self.assertIn("bti-log-goals", html)  # the family sees the log page
        self.assertEqual(section(html), "")
        self.assertNotIn("Veilederen for nivå", html)

    def test_near_evaluation_shows_the_first_steps_of_the_next_level(self):
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", title="Trives", area="school")
            create(
                goal,
                "Activity",
                title="Samtale hver uke",
                responsible="holder",
                deadline=date.today() + timedelta(days=2),
            )
        html = section(self.render(self.log, "holder"))
        following = html[html.index("bti-guide-next") :]
        self.assertIn("Veilederen for nivå 2", following)
        self.assertIn('data-code="evaluation_due"', following)
        self.assertIn("Avklar tjenesten", following)
        self.assertIn("Inviter tjenesten", following)
        self.assertNotIn("Felles mål", following)  # only the first steps

    def test_cooperation_consent_makes_the_next_level_near(self):
        page = self.guide["niva-1-i-veilederen"]
        step = api.content.create(
            page, "GuideStep", title="Endre nivå", number=4, log_action="change_level"
        )
        publish(step)
        html = section(self.render(self.log, "holder"))
        self.assertNotIn("workflow_action=to_level2", html)  # no consent yet
        self.assertNotIn("bti-guide-next", html)
        add_consent(self.log, "cooperation", services=["health_station"])
        html = section(self.render(self.log, "holder"))
        self.assertIn('data-code="next_level_possible"', html)
        self.assertIn("workflow_action=to_level2", html)
        give(self.log, "nurse", p.PARTICIPANT)  # participants change no level
        self.assertNotIn("workflow_action", section(self.render(self.log, "nurse")))

    def test_draft_log_offers_the_start_once_consent_is_there(self):
        draft = add_log(self.portal, self.school, "holder")
        html = section(self.render(draft, "holder"))
        self.assertIn('data-level="1"', html)
        self.assertNotIn("workflow_action=start", html)  # no consent yet
        add_consent(draft)
        html = section(self.render(draft, "holder"))
        self.assertIn("workflow_action=start", html)

    def test_closed_log_has_no_guide(self):
        with api.env.adopt_user(username="holder"):
            self.log.close_reason = "goals_reached"
            api.content.transition(obj=self.log, transition="close")
        self.assertEqual(section(self.render(self.log, "holder")), "")

    def test_log_closed_for_an_individual_plan_follows_the_ip_page(self):
        guide = self.guide
        page = api.content.create(guide, "GuideLevel", title="IP-siden", level=4)
        step = api.content.create(
            page, "GuideStep", title="Ansvarsgruppe", number=1, log_action="close"
        )
        for obj in (page, step):
            publish(obj)
        with api.env.adopt_user(username="holder"):
            self.log.close_reason = "individual_plan"
            api.content.transition(obj=self.log, transition="close")
        html = section(self.render(self.log, "holder"))
        self.assertIn('data-level="4"', html)
        self.assertIn("Veilederen for individuell plan", html)
        self.assertIn("Ansvarsgruppe", html)
        self.assertNotIn("bti-guide-action", html)  # a closed log: nothing to do
        self.assertNotIn("bti-guide-next", html)

    def test_no_child_name_in_the_section_or_the_catalog_metadata(self):
        html = section(self.render(self.log, "holder"))
        self.assertNotIn(CHILD_NAME, html)
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(portal_type="GuideStep"):
            self.assertNotIn(CHILD_NAME, repr(brain.bti_step_links))

    def test_reads_the_catalog_once_per_request(self):
        catalog = api.portal.get_tool("portal_catalog")
        calls = []
        original = catalog.searchResults

        def counting(*args, **kw):
            calls.append(kw.get("portal_type"))
            return original(*args, **kw)

        catalog.searchResults = counting
        self.addCleanup(delattr, catalog, "searchResults")
        IAnnotations(self.request).pop(CACHE_KEY, None)
        with api.env.adopt_user(username="holder"):
            first = reading.level_page(1)
            second = reading.level_page(1)
        self.assertIs(first, second)
        self.assertEqual(calls.count("GuideLevel"), 1)


class TestStepField(LogGuideTestCase):
    def test_step_metadata_holds_the_action_and_tool_uids(self):
        catalog = api.portal.get_tool("portal_catalog")
        brain = catalog(portal_type="GuideStep", Title="Sett mål")[0]
        tool = catalog(portal_type="Tool")[0]
        self.assertEqual(brain.bti_log_action, "add_goal")
        self.assertEqual(tuple(brain.bti_step_links), (tool.UID,))

    def test_editors_choose_the_action_in_the_step_form(self):
        step = self.guide["niva-1-i-veilederen"]["sett-mal"]
        html = step.restrictedTraverse("@@edit")()
        self.assertIn('name="form.widgets.log_action', html)
        self.assertIn('value="change_level"', html)

    def test_upgrade_1009_adds_and_fills_the_columns(self):
        catalog = api.portal.get_tool("portal_catalog")
        for name in ("bti_log_action", "bti_step_links"):
            catalog.delColumn(name)
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("bti.portal:default", "1007")
        setup.upgradeProfile("bti.portal:default", dest="1009")
        self.assertIn("bti_log_action", catalog.schema())
        brain = catalog(portal_type="GuideStep", Title="Sett mål")[0]
        self.assertEqual(brain.bti_log_action, "add_goal")
        self.assertEqual(len(brain.bti_step_links), 1)
