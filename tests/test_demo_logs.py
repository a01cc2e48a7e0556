"""The Stafettlogg's demo data on each demo site (content/<language>/logs.json)."""

from bti.portal.distributions.demo import demo_sites
from bti.portal.distributions.demo import demo_users
from bti.portal.distributions.demo import read_json
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover import rules as handover
from bti.portal.setuphandlers import STAFF_GROUP
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from contextlib import contextmanager
from datetime import date
from datetime import datetime
from plone import api
from zope.component.hooks import site as site_hook

import unittest


SITES = [answers["site_id"] for answers in demo_sites()]


class DemoLogsCase(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    @contextmanager
    def on(self, site_id):
        """One subTest per site, with the site as the current site."""
        with self.subTest(site_id), site_hook(self.layer["app"][site_id]):
            yield

    def by_uid(self, uid):
        # Not api.content.get: plone.app.uuid keeps one site's catalog per request.
        catalog = api.portal.get_tool("portal_catalog")
        return catalog.unrestrictedSearchResults(UID=uid)[0]._unrestrictedGetObject()

    def objects(self, portal_type):
        catalog = api.portal.get_tool("portal_catalog")
        return [
            b._unrestrictedGetObject()
            for b in catalog.unrestrictedSearchResults(portal_type=portal_type)
        ]

    def found_as(self, user_id, **query):
        """UIDs the catalog gives ``user_id`` (their own permissions)."""
        with api.env.adopt_user(username=user_id):
            return {
                brain.UID for brain in api.portal.get_tool("portal_catalog")(**query)
            }

    def overseen_by(self, user_id):
        catalog = api.portal.get_tool("portal_catalog")
        with api.env.adopt_user(username=user_id):
            principals = catalog._listAllowedRolesAndUsers(
                api.user.get_current().getUser()
            )
        return {
            b.UID
            for b in catalog.unrestrictedSearchResults(
                portal_type="RelayLog", bti_overview_roles=principals
            )
        }


class TestDemoUsers(DemoLogsCase):
    def test_every_demo_user_exists_with_their_groups(self):
        for site_id in SITES:
            with self.on(site_id):
                for user in demo_users():
                    member = api.user.get(username=user["id"])
                    self.assertIsNotNone(member, user["id"])
                    groups = {
                        g.getId() for g in api.group.get_groups(username=user["id"])
                    }
                    self.assertEqual(
                        groups - {"AuthenticatedUsers"}, set(user["groups"]), user["id"]
                    )

    def test_each_log_role_has_a_demo_login(self):
        ids = {user["id"] for user in demo_users()}
        for user_id in (
            "ansatt",
            "deltaker",
            "helsesykepleier",
            "leder",
            "koordinator",
            "forelder",
            "forelder2",
            "ungdom",
            "vikar",
        ):
            self.assertIn(user_id, ids)
        staff = {u["id"] for u in demo_users() if STAFF_GROUP in u["groups"]}
        self.assertNotIn("forelder", staff)
        self.assertNotIn("ungdom", staff)


class TestDemoLogs(DemoLogsCase):
    def test_logs_in_every_state(self):
        for site_id in SITES:
            with self.on(site_id):
                states = [
                    api.content.get_state(log) for log in self.objects("RelayLog")
                ]
                # Every state but the individual plan, which a holder starts
                # by naming a coordinator (tests/test_individual_plan.py).
                expected = set(levels.STATES) - {levels.INDIVIDUAL_PLAN}
                self.assertEqual(set(states), expected)
                self.assertGreater(len(states), len(expected))

    def test_states_were_reached_through_the_workflow(self):
        workflow = api.portal.get_tool("portal_workflow")
        for site_id in SITES:
            with self.on(site_id):
                for log in self.objects("RelayLog"):
                    history = workflow.getInfoFor(log, "review_history")
                    holder = log.Creator()
                    self.assertEqual(
                        history[-1]["review_state"], api.content.get_state(log)
                    )
                    self.assertTrue(
                        all(h["actor"] == holder for h in history[1:]), log.title
                    )

    def test_units_of_four_services_with_demo_people(self):
        for site_id in SITES:
            with self.on(site_id):
                units = self.objects("Unit")
                services = {unit.service for unit in units}
                self.assertEqual(
                    services, {"kindergarten", "school", "health_station", "ppt"}
                )
                people = set().union(*(unit.people() for unit in units))
                self.assertTrue(
                    {"ansatt", "deltaker", "helsesykepleier", "leder", "vikar"}
                    <= people
                )

    def test_every_log_has_a_plan_messages_and_meetings(self):
        today = date.today()
        for site_id in SITES:
            with self.on(site_id):
                upcoming = overdue = 0
                for log in self.objects("RelayLog"):
                    inside = api.portal.get_tool(
                        "portal_catalog"
                    ).unrestrictedSearchResults(path="/".join(log.getPhysicalPath()))
                    types = {b.portal_type for b in inside}
                    self.assertTrue(
                        {"Goal", "Activity", "LogMessage", "Meeting", "Consent"}
                        <= types,
                        log.title,
                    )
                    if api.content.get_state(log) != levels.DRAFT:
                        self.assertIn("Evaluation", types, log.title)
                    for brain in inside:
                        item = brain._unrestrictedGetObject()
                        if (
                            brain.portal_type == "Meeting"
                            and item.start > datetime.now()
                        ):
                            upcoming += 1
                        if (
                            brain.portal_type == "Activity"
                            and item.deadline
                            and item.deadline < today
                            and item.status in ("planned", "started")
                        ):
                            overdue += 1
                self.assertGreaterEqual(upcoming, 1)
                self.assertGreaterEqual(overdue, 1)

    def test_one_pending_handover(self):
        for site_id in SITES:
            with self.on(site_id):
                catalog = api.portal.get_tool("portal_catalog")
                offered = catalog.unrestrictedSearchResults(
                    portal_type="RelayLog", bti_offer_to="deltaker"
                )
                self.assertEqual(len(offered), 1)
                log = offered[0]._unrestrictedGetObject()
                self.assertEqual(handover.current_offer(log)["by"], "ansatt")
                self.assertEqual(roles.holders(log), ["ansatt"])

    def test_no_name_or_national_id_in_titles(self):
        names = {user["fullname"] for user in demo_users()}
        for language in ("nb", "nn"):
            for spec in read_json(f"{language}/logs.json")["logs"]:
                names.add(spec["full_name"])
                names.add(spec["national_id"])
        for site_id in SITES:
            with self.on(site_id):
                folder = api.portal.get()["logs"]
                catalog = api.portal.get_tool("portal_catalog")
                for brain in catalog.unrestrictedSearchResults(
                    path="/".join(folder.getPhysicalPath())
                ):
                    for name in names:
                        self.assertNotIn(name, brain.Title or "", brain.getPath())
                        self.assertNotIn(name, brain.getPath())
                for log in self.objects("RelayLog"):
                    rid = catalog.getrid("/".join(log.getPhysicalPath()))
                    data = str(catalog.getMetadataForRID(rid)) + str(
                        catalog.getIndexDataForRID(rid)
                    )
                    self.assertNotIn(log.full_name, data)
                    self.assertNotIn(log.national_id, data)


class TestDemoConcerns(DemoLogsCase):
    def test_concerns_open_overdue_and_decided_with_each_decision(self):
        for site_id in SITES:
            with self.on(site_id):
                concerns = self.objects("Concern")
                still_open = [
                    c for c in concerns if api.content.get_state(c) == p.CONCERN_OPEN
                ]
                decided = [
                    c for c in concerns if api.content.get_state(c) == p.CONCERN_DECIDED
                ]
                self.assertTrue(any(c.is_overdue() for c in still_open))
                self.assertTrue(
                    any(not c.is_overdue() and not c.decision for c in still_open)
                )
                self.assertIn("watch", {c.decision for c in still_open})
                self.assertEqual(
                    {c.decision for c in decided},
                    {"close", "start_log", "child_welfare"},
                )
                for concern in decided:
                    self.assertEqual(concern.decision_problems(), [], concern.title)
                    self.assertLessEqual(concern.decided_on, date.today())

    def test_a_started_log_comes_from_its_concern(self):
        for site_id in SITES:
            with self.on(site_id):
                for concern in self.objects("Concern"):
                    if concern.decision == "start_log":
                        log = self.by_uid(concern.relay_log_uid)
                        self.assertEqual(log.title, concern.title)


class TestWhoSeesWhat(DemoLogsCase):
    def test_guardians_see_exactly_their_childrens_logs(self):
        for site_id in SITES:
            with self.on(site_id):
                logs = self.objects("RelayLog")
                for guardian in ("forelder", "forelder2"):
                    expected = {
                        log.UID() for log in logs if guardian in (log.guardians or ())
                    }
                    self.assertEqual(len(expected), 2)
                    self.assertEqual(
                        self.found_as(guardian, portal_type="RelayLog"), expected
                    )

    def test_young_person_sees_only_their_own_log(self):
        for site_id in SITES:
            with self.on(site_id):
                own = {
                    log.UID()
                    for log in self.objects("RelayLog")
                    if "ungdom" in roles.users_with_role(log, p.YOUTH)
                }
                self.assertEqual(len(own), 1)
                self.assertEqual(self.found_as("ungdom", portal_type="RelayLog"), own)

    def test_unrelated_staff_sees_no_log_and_no_concern(self):
        for site_id in SITES:
            with self.on(site_id):
                self.assertEqual(
                    self.found_as("vikar", portal_type=["RelayLog", "Concern"]), set()
                )
                self.assertEqual(self.overseen_by("vikar"), set())

    def test_leader_oversees_without_reading(self):
        for site_id in SITES:
            with self.on(site_id):
                led = {
                    u.UID()
                    for u in self.objects("Unit")
                    if "leder" in (u.leaders or ())
                }
                expected = {
                    log.UID() for log in self.objects("RelayLog") if log.unit in led
                }
                self.assertTrue(expected)
                self.assertEqual(self.overseen_by("leder"), expected)
                self.assertEqual(self.found_as("leder", portal_type="RelayLog"), set())

    def test_coordinator_oversees_every_log(self):
        for site_id in SITES:
            with self.on(site_id):
                every = {log.UID() for log in self.objects("RelayLog")}
                self.assertEqual(self.overseen_by("koordinator"), every)
                self.assertEqual(
                    self.found_as("koordinator", portal_type="RelayLog"), set()
                )

    def test_participant_sees_the_logs_they_take_part_in(self):
        for site_id in SITES:
            with self.on(site_id):
                on = {
                    log.UID()
                    for log in self.objects("RelayLog")
                    if "helsesykepleier" in roles.people_on_log(log)
                    and api.content.get_state(log) != levels.DRAFT
                }
                self.assertEqual(
                    self.found_as("helsesykepleier", portal_type="RelayLog"), on
                )
