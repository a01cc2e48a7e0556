"""The Stafettlogg types: random ids, local roles from the unit, safe catalog data."""

from bti.portal.content.ids import is_random_id
from bti.portal.content.ids import random_id
from bti.portal.domain import permissions as p
from bti.portal.logmask import mask
from bti.portal.relaylog import create
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from zExceptions import BadRequest

import unittest


class TestRandomIds(unittest.TestCase):
    def test_never_eleven_digits_in_a_row(self):
        # The server logs would mask them as a possible national id.
        tokens = iter(["d07520518858b46f", "12345678901abcde", "0123456789abcdef"])
        self.assertEqual(random_id(lambda _size: next(tokens)), "0123456789abcdef")
        self.assertEqual(
            mask("/byn/logs/0123456789abcdef"), "/byn/logs/0123456789abcdef"
        )
        self.assertNotEqual(
            mask("/byn/logs/d07520518858b46f"), "/byn/logs/d07520518858b46f"
        )


class TestLogTypes(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_user("holder")
        add_user("boss")
        self.unit = add_unit(
            self.portal, "Solsida barnehage", "kindergarten", leaders=["boss"]
        )
        self.log = add_log(self.portal, self.unit, "holder")

    def test_log_folder_exists_with_its_own_grants(self):
        folder = self.portal["logs"]
        self.assertEqual(folder.portal_type, "LogFolder")
        roles = {r["name"] for r in folder.rolesOfPermission("View") if r["selected"]}
        self.assertEqual(roles, set(p.LOG_FOLDER_GRANTS[p.VIEW]))

    def test_ids_are_random(self):
        self.assertTrue(is_random_id(self.log.getId()))
        goal = create(self.log, "Goal", area="home", title="Sove godt")
        self.assertTrue(is_random_id(goal.getId()))

    def test_a_chosen_id_is_refused(self):
        with self.assertRaises(BadRequest):
            api.content.create(
                container=self.portal["logs"],
                type="RelayLog",
                id="kari-nordmann",
                title="K.N.",
                safe_id=False,
            )

    def test_creator_holds_the_relay_and_leaders_oversee(self):
        local = dict(self.log.get_local_roles())
        self.assertEqual(local["holder"], (p.RELAY_HOLDER,))
        self.assertEqual(local["boss"], (p.UNIT_LEADER,))
        self.assertEqual(api.content.get_state(self.log), "draft")

    def test_new_unit_leader_reaches_the_units_logs(self):
        add_user("boss2")
        self.unit.leaders = ["boss2"]
        from zope.lifecycleevent import modified

        modified(self.unit)
        local = dict(self.log.get_local_roles())
        self.assertNotIn("boss", local)
        self.assertEqual(local["boss2"], (p.UNIT_LEADER,))

    def test_catalog_has_no_name_or_national_id(self):
        catalog = api.portal.get_tool("portal_catalog")
        brain = catalog.unrestrictedSearchResults(UID=self.log.UID())[0]
        record = str(catalog.getMetadataForRID(brain.getRID()))
        indexes = str(catalog.getIndexDataForRID(brain.getRID()))
        for secret in (CHILD_NAME, self.log.national_id, "Nordmann"):
            self.assertNotIn(secret, record)
            self.assertNotIn(secret, indexes)
        self.assertEqual(brain.bti_unit, self.unit.UID())
        self.assertEqual(brain.bti_holder, ("holder",))

    def test_overview_roles_index_lists_the_unit_leader(self):
        catalog = api.portal.get_tool("portal_catalog")
        found = catalog.unrestrictedSearchResults(
            portal_type="RelayLog", bti_overview_roles=["user:boss"]
        )
        self.assertEqual([b.UID for b in found], [self.log.UID()])

    def test_start_needs_a_valid_consent(self):
        self.assertIn("consent_missing", self.log.transition_problems("start"))
        with api.env.adopt_user(username="holder"):
            create(
                self.log,
                "Consent",
                kind="create",
                signed=__import__("datetime").date.today(),
                signed_by=["mor", "far"],
            )
            self.assertEqual(self.log.transition_problems("start"), [])
            api.content.transition(obj=self.log, transition="start")
        self.assertEqual(api.content.get_state(self.log), "level1")

    def test_items_have_no_owner_role(self):
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="home", title="Mål")
        self.assertNotIn("Owner", str(goal.get_local_roles()))


class TestHandover(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for user in ("holder", "next", "boss"):
            add_user(user)
        unit = add_unit(
            self.portal, "Skolen", "school", leaders=["boss"], staff=["holder", "next"]
        )
        self.log = add_log(self.portal, unit, "holder")

    def test_holder_only_when_accepted(self):
        from bti.portal.relaylog.handover import rules as handover

        handover.offer(self.log, "next", by_user="holder")
        local = dict(self.log.get_local_roles())
        self.assertEqual(local["holder"], (p.RELAY_HOLDER,))
        # Offered, not holder: the role that may only answer the offer.
        self.assertEqual(local["next"], (p.RELAY_OFFERED,))
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(len(catalog.unrestrictedSearchResults(bti_offer_to="next")), 1)
        with self.assertRaises(handover.HandoverError):
            handover.accept(self.log, "boss")
        handover.accept(self.log, "next")
        local = dict(self.log.get_local_roles())
        self.assertEqual(local["next"], (p.RELAY_HOLDER,))
        self.assertEqual(local["holder"], (p.PARTICIPANT,))
        self.assertEqual(len(catalog.unrestrictedSearchResults(bti_offer_to="next")), 0)

    def test_offer_to_someone_outside_the_units_is_refused(self):
        from bti.portal.relaylog.handover import rules as handover

        add_user("stranger")
        with self.assertRaises(handover.HandoverError) as caught:
            handover.offer(self.log, "stranger", by_user="holder")
        self.assertEqual(caught.exception.code, "handover_unknown_user")
