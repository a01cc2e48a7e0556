"""The RelayLog workflow in Plone: guards from consents, passive, close and reopen."""

from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.workflow import transitions
from bti.portal.settings import get_settings
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from datetime import date
from datetime import timedelta
from plone import api
from plone.api.exc import InvalidParameterError
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import give
from tests.logs_fixture import valid_nid

import unittest


TODAY = date.today()


class LogCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for user in ("holder", "nurse", "coordinator"):
            add_user(user)
        api.group.add_user(groupname="bti-coordinators", username="coordinator")
        self.kindergarten = add_unit(
            self.portal, "Barnehagen", "kindergarten", staff=["holder"]
        )
        add_unit(self.portal, "Helsestasjonen", "health_station", staff=["nurse"])
        self.log = add_log(self.portal, self.kindergarten, "holder")

    def consent(self, kind="create", **fields):
        data = {"kind": kind, "signed": TODAY, "signed_by": ["mor", "far"]}
        data.update(fields)
        with api.env.adopt_user(username="holder"):
            return create(self.log, "Consent", **data)

    def fire(self, transition, user="holder"):
        with api.env.adopt_user(username=user):
            api.content.transition(obj=self.log, transition=transition)
        return api.content.get_state(self.log)

    def refused(self, transition, user="holder"):
        with (
            api.env.adopt_user(username=user),
            self.assertRaises(InvalidParameterError),
        ):
            api.content.transition(obj=self.log, transition=transition)


class TestStart(LogCase):
    def test_draft_needs_consent_to_create(self):
        self.refused("start")
        self.consent()
        self.assertEqual(self.fire("start"), "level1")

    def test_a_consent_with_one_of_two_guardians_needs_reasons(self):
        self.consent(signed_by=["mor"])
        self.refused("start")
        self.consent(
            signed_by=["mor"],
            single_signature_reason="Far har ikke foreldreansvar i praksis.",
            other_guardian_effort="Ringt og sendt brev to ganger.",
        )
        self.assertEqual(self.fire("start"), "level1")

    def test_expired_consent_does_not_count(self):
        self.consent(
            signed=TODAY - timedelta(days=30), valid_until=TODAY - timedelta(days=1)
        )
        self.refused("start")

    def test_youth_consents_alone_from_the_site_consent_age(self):
        # A child who is 15 today.
        birth = TODAY.replace(year=TODAY.year - 15) - timedelta(days=1)
        self.log.national_id = valid_nid(birth.strftime("%d%m%y"), "600")
        get_settings().consent_age = 16
        self.consent(signed_by=[], youth_signed=True)
        self.refused("start")
        get_settings().consent_age = 15
        self.assertEqual(self.fire("start"), "level1")


class TestLevels(LogCase):
    def setUp(self):
        super().setUp()
        self.consent()
        self.fire("start")

    def test_level2_needs_cooperation_consent_covering_the_other_service(self):
        give(self.log, "nurse", p.PARTICIPANT)
        self.refused("to_level2")
        self.consent(kind="cooperation", services=["school"])
        self.refused("to_level2")
        self.consent(kind="cooperation", services=["health_station"])
        self.assertEqual(self.fire("to_level2"), "level2")
        self.assertEqual(self.fire("to_level3"), "level3")
        self.assertEqual(self.fire("to_level1"), "level1")

    def test_withdrawal_makes_the_log_passive_and_read_only(self):
        self.refused("withdraw_consent")  # consent still valid
        for item in self.log.objectValues():
            item.withdrawn = TODAY
        self.assertEqual(self.fire("withdraw_consent"), "passive")
        with api.env.adopt_user(username="holder"):
            self.assertFalse(api.user.has_permission(p.MODIFY, obj=self.log))
            self.assertTrue(api.user.has_permission(p.VIEW, obj=self.log))

    def test_close_needs_a_reason_and_only_the_coordinator_reopens(self):
        self.refused("close")
        self.log.close_reason = "goals_reached"
        self.assertEqual(self.fire("close"), "closed")
        self.refused("reopen", user="holder")
        self.assertEqual(self.fire("reopen", user="coordinator"), "level1")

    def test_history_records_who_and_when(self):
        self.log.close_reason = "moved"
        self.fire("close")
        history = api.portal.get_tool("portal_workflow").getInfoFor(
            self.log, "review_history"
        )
        self.assertEqual(
            [(h["action"], h["actor"]) for h in history[1:]],
            [("start", "holder"), ("close", "holder")],
        )
        self.assertTrue(all(h["time"] for h in history))


class TestLevelButtonsAreTheWorkflows(LogCase):
    """The page's level buttons (``transitions.options``) are worked out
    without the workflow's guard expressions: the same transitions as the
    workflow offers (getTransitionsFor), and those whose only problem is the
    choice their own form asks for (a close reason, a coordinator); in every
    state, for the holder, a participant, the coordinator and a guardian."""

    def setUp(self):
        super().setUp()
        add_user("mor", staff=False)
        give(self.log, "nurse", p.PARTICIPANT)
        give(self.log, "mor", p.GUARDIAN)

    def workflow_offers(self) -> set:
        wftool = api.portal.get_tool("portal_workflow")
        return {t["id"] for t in wftool.getTransitionsFor(self.log)}

    def check(self, users=("holder", "nurse", "coordinator", "mor")):
        state = api.content.get_state(self.log)
        for user in users:
            with self.subTest(state=state, user=user), api.env.adopt_user(user):
                offered = self.workflow_offers()
                shown = {e["id"] for e in transitions.options(self.log)["available"]}
                expected = {
                    transition_id
                    for transition_id, transition in levels.TRANSITIONS.items()
                    if state in transition.sources
                    and transitions.may_fire(self.log, transition_id)
                    and (
                        transition_id in offered
                        or not transitions.problems(self.log, transition_id)
                    )
                }
                self.assertEqual(shown, expected)
                self.assertLessEqual(offered, shown)
                for transition_id in shown - offered:
                    self.assertIn(transition_id, transitions.FORM_CODES)

    def test_the_same_transitions_in_every_state(self):
        self.check()  # draft without consent
        self.consent()
        self.check()
        self.fire("start")
        self.check()  # level 1, no consent for cooperation
        self.consent(kind="cooperation", services=["health_station"])
        self.check()
        self.fire("to_level2")
        self.check()
        self.fire("to_level3")
        self.check()  # the plan's coordinator is chosen on its page
        self.log.close_reason = "goals_reached"
        self.check()
        for item in self.log.objectValues():
            item.withdrawn = TODAY
        self.check()
        self.fire("withdraw_consent")
        self.check()  # passive
        self.fire("close")
        self.check()  # closed: the coordinator reopens
