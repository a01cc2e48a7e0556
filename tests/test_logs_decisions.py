"""Level 0: the decision on a concern, its deadline, who sees it, and its pages."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.concerns import decisions
from bti.portal.relaylog.roles import holders
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user

import unittest


WHAT_NOTICED = "Trøtt og lei seg flere morgener på rad."


def add_concern(portal, unit, user_id: str, **fields):
    data = {
        "title": "K.L.",
        "unit": unit.UID(),
        "noticed": date.today(),
        "what_noticed": WHAT_NOTICED,
    }
    data.update(fields)
    with api.env.adopt_user(username=user_id):
        return create(portal["logs"], "Concern", **data)


class ConcernSetup:
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for user_id in ("ansatt", "kollega", "leder"):
            add_user(user_id)
        add_user("redaktor", staff=False)
        api.user.grant_roles(
            username="redaktor", roles=["Editor", "Reviewer", "Contributor"]
        )
        self.unit = add_unit(
            self.portal,
            "Solsida barnehage",
            "kindergarten",
            leaders=["leder"],
            staff=["ansatt", "kollega"],
        )
        self.concern = add_concern(self.portal, self.unit, "ansatt")

    def decide(self, decision, reason="", user_id="ansatt"):
        with api.env.adopt_user(username=user_id):
            return decisions.decide(self.concern, decision, reason)

    def state(self):
        return api.content.get_state(self.concern)


class TestDecisions(ConcernSetup, unittest.TestCase):
    def test_start_log_creates_a_draft_log_held_by_the_decider(self):
        log = self.decide("start_log")
        self.assertEqual(log.portal_type, "RelayLog")
        self.assertEqual(api.content.get_state(log), "draft")
        self.assertEqual(log.title, "K.L.")
        self.assertEqual(log.unit, self.unit.UID())
        self.assertEqual(log.initiative_reason, WHAT_NOTICED)
        self.assertIn("Solsida barnehage", log.initiative_by)
        self.assertNotIn(WHAT_NOTICED, log.Title())
        self.assertFalse(getattr(log, "full_name", None))
        self.assertFalse(getattr(log, "national_id", None))
        self.assertEqual(holders(log), ["ansatt"])
        self.assertEqual(dict(log.get_local_roles())["leder"], (p.UNIT_LEADER,))
        self.assertEqual(self.state(), p.CONCERN_DECIDED)
        self.assertEqual(self.concern.relay_log_uid, log.UID())
        self.assertEqual(self.concern.decision, "start_log")
        self.assertEqual(self.concern.decided_on, date.today())

    def test_the_unit_leader_may_start_the_log_and_holds_it(self):
        log = self.decide("start_log", user_id="leder")
        self.assertEqual(holders(log), ["leder"])

    def test_close_needs_a_reason(self):
        with self.assertRaises(decisions.DecisionError) as caught:
            self.decide("close", "   ")
        self.assertEqual(caught.exception.code, "decision_reason_missing")
        self.assertEqual(self.state(), p.CONCERN_OPEN)
        self.decide("close", "Det gikk over etter en uke.")
        self.assertEqual(self.state(), p.CONCERN_DECIDED)
        self.assertEqual(self.concern.decision_reason, "Det gikk over etter en uke.")

    def test_child_welfare_needs_a_reason_and_starts_no_log(self):
        with self.assertRaises(decisions.DecisionError) as caught:
            self.decide("child_welfare")
        self.assertEqual(caught.exception.code, "decision_reason_missing")
        self.decide(
            "child_welfare", "Mistanke om vold; meldt til barnevernet samme dag."
        )
        self.assertEqual(self.state(), p.CONCERN_DECIDED)
        self.assertIsNone(self.concern.relay_log_uid)
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(portal_type="RelayLog")), 0
        )

    def test_watch_keeps_the_concern_open_for_a_later_decision(self):
        self.decide("watch", "Ser an to uker til.")
        self.assertEqual(self.state(), p.CONCERN_OPEN)
        self.assertEqual(self.concern.decision, "watch")
        self.assertEqual(self.concern.decided_on, date.today())
        self.decide("close", "Bedre nå.")
        self.assertEqual(self.state(), p.CONCERN_DECIDED)
        self.assertEqual(
            [entry["decision"] for entry in decisions.history(self.concern)],
            ["watch", "close"],
        )

    def test_unknown_decision_and_second_decision_are_refused(self):
        with self.assertRaises(decisions.DecisionError) as caught:
            self.decide("archive", "x")
        self.assertEqual(caught.exception.code, "decision_unknown")
        self.decide("close", "Ferdig.")
        with self.assertRaises(decisions.DecisionError) as caught:
            self.decide("start_log")
        self.assertEqual(caught.exception.code, "concern_already_decided")

    def test_only_the_author_and_the_unit_leader_may_decide(self):
        for user_id in ("kollega", "redaktor"):
            with self.assertRaises(decisions.DecisionError) as caught:
                self.decide("close", "Ikke min.", user_id=user_id)
            self.assertEqual(caught.exception.code, "decide_not_allowed")
        self.assertEqual(self.state(), p.CONCERN_OPEN)

    def test_a_leader_without_the_staff_role_cannot_start_a_log(self):
        add_user("sjef", staff=False)
        self.unit.leaders = ["leder", "sjef"]
        from zope.lifecycleevent import modified

        modified(self.unit)
        with self.assertRaises(decisions.DecisionError) as caught:
            self.decide("start_log", user_id="sjef")
        self.assertEqual(caught.exception.code, "start_log_not_allowed")
        self.assertEqual(self.state(), p.CONCERN_OPEN)


class TestDeadline(ConcernSetup, unittest.TestCase):
    def test_overdue_follows_the_sites_level0_setting(self):
        self.concern.noticed = date.today() - timedelta(days=10)
        api.portal.set_registry_record("bti.portal.level0_deadline_days", 14)
        self.assertEqual(
            self.concern.deadline, self.concern.noticed + timedelta(days=14)
        )
        self.assertFalse(self.concern.is_overdue())
        api.portal.set_registry_record("bti.portal.level0_deadline_days", 7)
        self.assertEqual(
            self.concern.deadline, self.concern.noticed + timedelta(days=7)
        )
        self.assertTrue(self.concern.is_overdue())
        self.decide("close", "Avklart.")
        self.assertFalse(self.concern.is_overdue())

    def test_the_list_and_the_page_flag_overdue_concerns(self):
        api.portal.set_registry_record("bti.portal.level0_deadline_days", 7)
        late = add_concern(
            self.portal,
            self.unit,
            "ansatt",
            title="A.B.",
            noticed=date.today() - timedelta(days=30),
        )
        with api.env.adopt_user(username="ansatt"):
            view = self.portal["logs"].restrictedTraverse("@@concerns")
            rows = view.groups()["open"]
            self.assertEqual(
                [r["initials"] for r in rows], ["A.B.", "K.L."]
            )  # by deadline
            self.assertEqual([r["overdue"] for r in rows], [True, False])
            html = view()
            self.assertIn('data-overdue="true"', html)
            page = late.restrictedTraverse("@@concern-view")()
            self.assertIn("bti-overdue", page)


class TestVisibility(ConcernSetup, unittest.TestCase):
    def can_view(self, user_id):
        with api.env.adopt_user(username=user_id):
            return api.user.has_permission("View", obj=self.concern)

    def found_by(self, user_id):
        catalog = api.portal.get_tool("portal_catalog")
        with api.env.adopt_user(username=user_id):
            return [b.UID for b in catalog(portal_type="Concern")]

    def test_author_and_unit_leader_see_the_concern(self):
        for user_id in ("ansatt", "leder"):
            self.assertTrue(self.can_view(user_id), user_id)
            self.assertEqual(self.found_by(user_id), [self.concern.UID()], user_id)

    def test_another_staff_member_and_an_editor_do_not(self):
        for user_id in ("kollega", "redaktor"):
            self.assertFalse(self.can_view(user_id), user_id)
            self.assertEqual(self.found_by(user_id), [], user_id)

    def test_still_hidden_after_the_decision(self):
        self.decide("close", "Avklart.")
        self.assertFalse(self.can_view("kollega"))
        self.assertTrue(self.can_view("leder"))


class TestConcernPages(ConcernSetup, unittest.TestCase):
    def post(self, **form):
        from plone.protect.authenticator import createToken

        self.request.method = "POST"
        self.request.form.update({"_authenticator": createToken(), **form})
        self.request.form["form.buttons.decide"] = "1"
        return self.concern.restrictedTraverse("@@concern-view")()

    def test_default_view_shows_the_decision_form_to_the_author(self):
        fti = api.portal.get_tool("portal_types")["Concern"]
        self.assertEqual(fti.default_view, "concern-view")
        with api.env.adopt_user(username="ansatt"):
            html = self.concern.restrictedTraverse("@@concern-view")()
        self.assertIn(WHAT_NOTICED, html)
        self.assertIn("bti-decision-form", html)
        for value in decisions.DECISIONS:
            self.assertIn(f'value="{value}"', html)

    def test_start_log_through_the_form_goes_to_the_logs_edit_form(self):
        with api.env.adopt_user(username="ansatt"):
            self.post(decision="start_log")
        log = api.content.get(UID=self.concern.relay_log_uid)
        self.assertEqual(
            self.request.response.getHeader("location"), log.absolute_url() + "/edit"
        )

    def test_a_missing_reason_is_a_status_message(self):
        with api.env.adopt_user(username="ansatt"):
            html = self.post(decision="close", reason="")
        self.assertIn("statusmessage-error", html)
        self.assertEqual(self.state(), p.CONCERN_OPEN)
        self.assertRegex(
            html, r'value="close"[^>]* checked="checked"'
        )  # the choice is kept

    def test_empty_list_offers_to_add_a_concern(self):
        with api.env.adopt_user(username="kollega"):
            html = self.portal["logs"].restrictedTraverse("@@concerns")()
        self.assertIn("bti-concerns-empty", html)
        self.assertIn("++add++Concern", html)

    def test_a_family_member_gets_an_empty_list_without_the_add_button(self):
        add_user("forelder", staff=False)
        with api.env.adopt_user(username="forelder"):
            html = self.portal["logs"].restrictedTraverse("@@concerns")()
        self.assertIn("bti-concerns-empty", html)
        self.assertNotIn("++add++Concern", html)

    def test_unit_leader_lists_the_units_concerns(self):
        with api.env.adopt_user(username="leder"):
            rows = self.portal["logs"].restrictedTraverse("@@concerns").rows()
        self.assertEqual([r["initials"] for r in rows], ["K.L."])

    def test_add_and_edit_forms_have_no_decision_fields(self):
        with api.env.adopt_user(username="ansatt"):
            add_form = self.portal["logs"].restrictedTraverse("++add++Concern")
            add_form.update()
            edit_form = self.concern.restrictedTraverse("@@edit")
            edit_form.update()
        for form in (add_form.form_instance, edit_form.form_instance):
            names = set(form.fields) | {n for g in form.groups for n in g.fields}
            self.assertIn("what_noticed", names)
            self.assertNotIn("decision", names)
            self.assertNotIn("decision_reason", names)
