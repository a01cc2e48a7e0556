"""Moving a log to another unit: consent for cooperation with the receiving
service, a new holder listed on that unit, an offer they accept, unit leaders
that follow, and the move in the log's history."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.transfer import actions as transfer_actions
from bti.portal.relaylog.transfer import rules as transfer
from bti.portal.relaylog.workflow.transitions import history
from bti.portal.relaylog.workflow.transitions import transition_title
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from Products.statusmessages.interfaces import IStatusMessage
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people
from zExceptions import BadRequest
from zExceptions import Forbidden

import unittest


class TransferCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.school, self.health, self.ppt = set_up_people(self.portal)
        add_user("hleader", "Helga Helseleder")
        self.health_north = add_unit(
            self.portal,
            "Helsestasjon Nord",
            "health_station",
            leaders=["hleader"],
            staff=["nurse"],
        )
        # Level 1 at the school; consent for cooperation with the health station.
        self.log = active_log(self.portal, self.school)

    def move(self, unit, holder, user="holder", **options):
        with api.env.adopt_user(username=user):
            return transfer.transfer_to_unit(
                self.log, unit, holder, by_user=user, **options
            )

    def refused(self, unit, holder, user="holder"):
        with self.assertRaises(transfer.TransferError) as caught:
            self.move(unit, holder, user)
        return caught.exception.code

    def leaders(self):
        return set(roles.users_with_role(self.log, p.UNIT_LEADER))


class TestTransferRules(TransferCase):
    def test_refused_without_cooperation_consent_for_the_service(self):
        self.assertEqual(self.refused(self.ppt, "psych"), "transfer_consent_missing")
        self.assertEqual(self.log.unit, self.school.UID())
        self.assertIsNone(handover.current_offer(self.log))

    def test_refused_for_a_holder_not_on_the_unit(self):
        self.assertEqual(
            self.refused(self.health_north, "next"), "transfer_holder_not_on_unit"
        )
        self.assertEqual(
            self.refused(self.health_north, ""), "transfer_holder_not_on_unit"
        )
        self.assertEqual(self.log.unit, self.school.UID())

    def test_refused_to_the_same_unit_or_an_unknown_one(self):
        self.assertEqual(self.refused(self.school, "next"), "transfer_same_unit")
        self.assertEqual(self.refused(None, "nurse"), "transfer_unit_unknown")

    def test_refused_when_the_log_is_passive_or_closed(self):
        with api.env.adopt_user(username="holder"):
            self.log.close_reason = "goals_reached"
            api.content.transition(obj=self.log, transition="close")
        self.assertEqual(
            self.refused(self.health_north, "nurse"), "transfer_log_not_active"
        )

    def test_every_code_has_a_message(self):
        from bti.portal.relaylog.reasons import MESSAGES

        for code in (
            "transfer_not_allowed",
            "transfer_log_not_active",
            "transfer_unit_unknown",
            "transfer_same_unit",
            "transfer_consent_missing",
            "transfer_holder_not_on_unit",
        ):
            self.assertIn(code, MESSAGES)
            self.assertNotEqual(transfer_actions.error_text(code), code)


class TestTransferToAnotherUnit(TransferCase):
    def test_offer_made_then_accepted(self):
        offer = self.move(self.health_north, "nurse")
        self.assertEqual((offer["to"], offer["by"]), ("nurse", "holder"))
        # The log belongs to the new unit at once; its leaders oversee it.
        self.assertEqual(self.log.unit, self.health_north.UID())
        self.assertEqual(self.leaders(), {"hleader"})
        catalog = api.portal.get_tool("portal_catalog")
        found = catalog.unrestrictedSearchResults(
            portal_type="RelayLog", bti_unit=self.health_north.UID()
        )
        self.assertEqual([b.UID for b in found], [self.log.UID()])
        # The holder keeps the relay until the new holder accepts.
        self.assertEqual(roles.holders(self.log), ["holder"])
        self.assertNotIn(p.RELAY_HOLDER, self.log.get_local_roles_for_userid("nurse"))
        handover.accept(self.log, "nurse")
        self.assertEqual(roles.holders(self.log), ["nurse"])
        self.assertEqual(
            set(self.log.get_local_roles_for_userid("holder")), {p.PARTICIPANT}
        )

    def test_previous_holder_may_leave_the_log(self):
        self.move(self.health_north, "nurse", keep_previous=False)
        handover.accept(self.log, "nurse")
        self.assertEqual(self.log.get_local_roles_for_userid("holder"), ())

    def test_the_move_is_in_the_history(self):
        self.move(self.health_north, "nurse")
        entries = history(self.log)
        self.assertEqual(entries[0]["action"], transfer.TRANSFERRED)
        self.assertEqual(entries[0]["actor"], "holder")
        self.assertEqual(entries[0]["state"], "level1")  # the level is kept
        self.assertIn("Solsida skole", entries[0]["comments"])
        self.assertIn("Helsestasjon Nord", entries[0]["comments"])
        self.assertEqual(entries[0]["title"], transition_title(transfer.TRANSFERRED))
        self.assertNotEqual(entries[0]["title"], transfer.TRANSFERRED)
        self.assertEqual(api.content.get_state(self.log), "level1")

    def test_holder_on_the_receiving_unit_keeps_the_relay(self):
        self.health_north.staff = ["nurse", "holder"]
        self.assertIsNone(self.move(self.health_north, "holder"))
        self.assertEqual(self.log.unit, self.health_north.UID())
        self.assertIsNone(handover.current_offer(self.log))

    def test_unit_leader_moves_for_an_absent_holder(self):
        with api.env.adopt_user(username="boss"):
            offer = transfer_actions.transfer_log(
                self.log, self.health_north.UID(), "nurse"
            )
        self.assertEqual(offer["by"], "boss")
        self.assertEqual(self.leaders(), {"hleader"})

    def test_others_may_not_move_it(self):
        for user in ("stranger", "next", "hleader"):
            with api.env.adopt_user(username=user), self.assertRaises(Forbidden):
                transfer_actions.transfer_log(
                    self.log, self.health_north.UID(), "nurse"
                )
        self.assertEqual(self.log.unit, self.school.UID())

    def test_bad_choices_are_a_bad_request(self):
        with (
            api.env.adopt_user(username="holder"),
            self.assertRaises(BadRequest) as caught,
        ):
            transfer_actions.transfer_log(self.log, self.ppt.UID(), "psych")
        self.assertEqual(
            str(caught.exception),
            transfer_actions.error_text("transfer_consent_missing"),
        )


class TestTransferPage(TransferCase):
    def post(self, user, **form):
        self.request.form.clear()
        self.request.form.update(form)
        self.request.method = "POST"
        self.request["REQUEST_METHOD"] = "POST"
        with api.env.adopt_user(username=user):
            self.request.form["_authenticator"] = createToken()
            return self.log.restrictedTraverse("@@transfer")()

    def messages(self):
        return " ".join(m.message for m in IStatusMessage(self.request).show())

    def test_page_lists_other_units_with_their_people(self):
        with api.env.adopt_user(username="holder"):
            html = self.log.restrictedTraverse("@@transfer")()
        self.assertIn("Helsestasjon Nord", html)
        self.assertIn("Nora Helsesøster", html)
        self.assertIn('label="PPT"', html)
        self.assertNotIn(f'value="{self.school.UID()}"', html)  # not its own unit
        self.assertNotIn("Kari Nordmann", html)  # never the child's name

    def test_unit_leader_sees_the_page_without_the_content(self):
        with api.env.adopt_user(username="boss"):
            html = self.log.restrictedTraverse("@@transfer")()
        self.assertIn("Helsestasjon Nord", html)
        self.assertNotIn("Kari Nordmann", html)

    def test_moving_from_the_page(self):
        self.post(
            "holder",
            unit=self.health_north.UID(),
            holder="nurse",
            keep_previous="1",
            **{"form.buttons.transfer": "1"},
        )
        self.assertEqual(self.log.unit, self.health_north.UID())
        self.assertIn("Helsestasjon Nord", self.messages())
        self.assertEqual(handover.current_offer(self.log)["to"], "nurse")

    def test_a_refusal_is_a_status_message(self):
        html = self.post(
            "holder",
            unit=self.ppt.UID(),
            holder="psych",
            **{"form.buttons.transfer": "1"},
        )
        self.assertIn("<form", html)
        self.assertEqual(self.log.unit, self.school.UID())
        # The page shows the status message (and so uses it up).
        self.assertIn(transfer_actions.error_text("transfer_consent_missing"), html)
