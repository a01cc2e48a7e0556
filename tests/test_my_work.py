"""The staff work page "Mitt arbeid" (@@my-work, GET @my-work), its menu entry,
the login landing, and "my meetings" and "my activities" at the site root.

``nurse`` is participant on the log K.N. (responsible for three activities,
invited to two meetings) and holds L.M.; ``holder`` offers her the relay of
O.P.; she noted two concerns (one past its deadline, one due in a few days,
one far off). ``stranger`` is staff on no log; ``mor`` is family.
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.handover import rules as handover
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.users import landing_url
from bti.portal.work import my_work
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from tests.family_fixture import active_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.meetings_fixture import add_meeting
from tests.meetings_fixture import AGENDA
from tests.meetings_fixture import PLACE
from tests.test_logs_decisions import add_concern
from unittest import mock

import requests
import transaction
import unittest


TODAY = date.today()


def set_up_work(portal) -> dict:
    for user_id in ("holder", "nurse", "stranger"):
        add_user(user_id)
    add_user("mor", staff=False)
    unit = add_unit(
        portal, "Solsida barnehage", "kindergarten", staff=["holder", "nurse"]
    )
    log = active_log(portal, unit, "holder", guardians=("mor",))
    give(log, "nurse", p.PARTICIPANT)
    give(log, "mor", p.GUARDIAN)
    held = active_log(portal, unit, "nurse", title="L.M.")
    offered = active_log(portal, unit, "holder", title="O.P.")
    handover.offer(offered, "nurse", by_user="holder")
    found = {"log": log, "held": held, "offered": offered}
    with api.env.adopt_user(username="holder"):
        goal = create(log, "Goal", area="school", title="Trives i barnehagen")
        for name, days, status in (
            ("later", 20, "planned"),
            ("overdue", -2, "started"),
            ("done", -5, "done"),
            ("none", None, "planned"),
        ):
            found[name] = create(
                goal,
                "Activity",
                title=f"Aktivitet {name}",
                responsible="nurse",
                deadline=TODAY + timedelta(days=days) if days is not None else None,
                status=status,
            )
    found["meeting"] = add_meeting(log, days=5, invited=("nurse", "mor"))
    found["past_meeting"] = add_meeting(log, days=-3, invited=("nurse",))
    found["late"] = add_concern(
        portal, unit, "nurse", title="R.S.", noticed=TODAY - timedelta(days=30)
    )
    found["soon"] = add_concern(
        portal, unit, "nurse", title="T.U.", noticed=TODAY - timedelta(days=24)
    )
    found["far"] = add_concern(portal, unit, "nurse", title="V.W.", noticed=TODAY)
    return found


class TestWorkPage(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.items = set_up_work(self.portal)
        transaction.commit()
        self.site = self.portal.absolute_url()

    def get(self, path: str, user_id=None, json=False, **options):
        return requests.get(
            f"{self.site}/{path}",
            headers={"Accept": "application/json"} if json else {},
            auth=(user_id, "secret-" + user_id) if user_id else None,
            timeout=30,
            **options,
        )

    def test_sections_with_links(self):
        response = self.get("@@my-work", "nurse")
        self.assertEqual(response.status_code, 200, response.text)
        html = response.text
        items = self.items
        # Activities: open ones only, the overdue one first, each with its log.
        self.assertLess(html.index("Aktivitet overdue"), html.index("Aktivitet later"))
        self.assertLess(html.index("Aktivitet later"), html.index("Aktivitet none"))
        self.assertNotIn("Aktivitet done", html)
        self.assertIn(f'href="{items["overdue"].absolute_url()}"', html)
        self.assertIn('data-overdue="true"', html)
        section = html.split('class="bti-work-activities')[1].split("</section>")[0]
        self.assertIn(f'href="{items["log"].absolute_url()}"', section)
        # Meetings: the coming one, with its log; not the past one.
        section = html.split('class="bti-work-meetings')[1].split("</section>")[0]
        self.assertIn(f'href="{items["meeting"].absolute_url()}"', section)
        self.assertNotIn(items["past_meeting"].absolute_url(), section)
        self.assertIn(f'href="{items["log"].absolute_url()}"', section)
        # Offer, logs with the role, concerns near or past their deadline.
        section = html.split('class="bti-work-offers')[1].split("</section>")[0]
        self.assertIn(f'href="{items["offered"].absolute_url()}"', section)
        self.assertIn("@@accept-handover", section)
        section = html.split('class="bti-work-logs')[1].split("</section>")[0]
        self.assertIn('data-role="RelayHolder"', section)
        self.assertIn('data-role="Participant"', section)
        self.assertLess(section.index("L.M."), section.index("K.N."))  # held first
        self.assertNotIn("O.P.", section)  # offered, not yet mine
        section = html.split('class="bti-work-concerns')[1].split("</section>")[0]
        self.assertIn(f'href="{items["late"].absolute_url()}"', section)
        self.assertIn(f'href="{items["soon"].absolute_url()}"', section)
        self.assertNotIn("V.W.", section)
        self.assertLess(section.index("R.S."), section.index("T.U."))
        # The way on: the log folder and the guide search; nothing from inside a log.
        self.assertIn(f'href="{self.site}/logs"', html)
        self.assertIn(f'href="{self.site}/@@guide-search"', html)
        for secret in (CHILD_NAME, AGENDA, PLACE, "Trives i barnehagen"):
            self.assertNotIn(secret, html)

    def test_empty_states_for_staff_on_no_log(self):
        response = self.get("@@my-work", "stranger")
        self.assertEqual(response.status_code, 200, response.text)
        html = response.text
        self.assertEqual(html.count('class="bti-work-empty"'), 5)
        for leak in ("K.N.", "L.M.", "O.P.", "R.S.", "T.U.", "Aktivitet", "Møte"):
            self.assertNotIn(leak, html)
        self.assertIn(f'href="{self.site}/logs"', html)

    def test_anonymous_goes_to_the_login(self):
        response = self.get("@@my-work", allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response.headers["Location"])
        self.assertEqual(self.get("@my-work", json=True).status_code, 401)

    def test_family_is_refused(self):
        # Logged in without the permission: Plone's "insufficient privileges".
        response = self.get("@@my-work", "mor", allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertIn("require_login", response.headers["Location"])
        response = self.get("@@my-work", "mor")
        self.assertNotIn("bti-my-work", response.text)
        self.assertNotIn("Aktivitet", response.text)
        response = self.get("@my-work", "mor", json=True)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertNotIn("K.N.", response.text)

    def test_rest(self):
        response = self.get("@my-work", "nurse", json=True)
        self.assertEqual(response.status_code, 200, response.text)
        work = response.json()
        items = self.items
        log = {"@id": items["log"].absolute_url(), "initials": "K.N."}
        self.assertEqual(
            [(a["title"], a["overdue"], a["log"]) for a in work["activities"]],
            [
                ("Aktivitet overdue", True, log),
                ("Aktivitet later", False, log),
                ("Aktivitet none", False, log),
            ],
        )
        self.assertEqual(
            [m["@id"] for m in work["meetings"]], [items["meeting"].absolute_url()]
        )
        self.assertEqual(work["meetings"][0]["log"], log)
        self.assertEqual(
            [(entry["initials"], entry["role"]) for entry in work["logs"]],
            [("L.M.", "RelayHolder"), ("K.N.", "Participant")],
        )
        self.assertEqual([o["initials"] for o in work["offers"]], ["O.P."])
        self.assertEqual(
            [(c["initials"], c["overdue"]) for c in work["concerns"]],
            [("R.S.", True), ("T.U.", False)],
        )
        self.assertEqual(work["links"]["guide_search"], f"{self.site}/@@guide-search")
        for secret in (CHILD_NAME, AGENDA, PLACE):
            self.assertNotIn(secret, response.text)
        empty = self.get("@my-work", "stranger", json=True).json()
        for key in ("logs", "offers", "activities", "meetings", "concerns"):
            self.assertEqual(empty[key], [], key)

    def test_my_meetings_and_my_activities_at_the_site_root(self):
        html = self.get("@@my-meetings", "nurse").text
        self.assertIn(self.items["meeting"].absolute_url(), html)
        html = self.get("@@my-activities", "nurse").text
        self.assertIn("Aktivitet overdue", html)
        self.assertIn("bti-activities-empty", self.get("@@my-activities", "mor").text)
        for page in ("@@my-meetings", "@@my-activities"):
            response = self.get(page, allow_redirects=False)
            self.assertEqual(response.status_code, 302, page)
            self.assertIn("login", response.headers["Location"])

    def test_mine_logger_sends_staff_to_the_work_page(self):
        for user_id in ("nurse", "stranger"):
            response = self.get("@@my-logs", user_id, allow_redirects=False)
            self.assertEqual(response.status_code, 302, user_id)
            self.assertEqual(response.headers["Location"], f"{self.site}/@@my-work")
        response = self.get("@@my-logs", "mor", allow_redirects=False)
        self.assertEqual(response.status_code, 200)  # families keep "Mine logger"
        self.assertIn("bti-family-log", response.text)

    def test_main_menu_entry_for_staff_only(self):
        entry = f'href="{self.site}/@@my-work"'
        self.assertIn(entry, self.get("", "nurse").text)
        self.assertNotIn(entry, self.get("", "mor").text)
        self.assertNotIn(entry, self.get("").text)

    def test_staff_land_on_the_work_page_after_a_password_login(self):
        session = requests.Session()
        form = {
            "__ac_name": "nurse",
            "__ac_password": "secret-nurse",
            "buttons.login": "Log in",
        }
        response = session.post(
            f"{self.site}/login", data=form, timeout=30, allow_redirects=False
        )
        self.assertEqual(response.status_code, 302, response.text)
        self.assertEqual(response.headers["Location"], f"{self.site}/@@my-work")
        self.assertIn("__ac", response.cookies)


class TestFromTheCatalogOnly(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        set_up_work(self.portal)

    def test_no_object_is_woken(self):
        def refuse(brain, *args, **kwargs):
            raise AssertionError(f"woken: {brain.getPath()}")

        with (
            mock.patch.object(AbstractCatalogBrain, "getObject", refuse),
            mock.patch.object(AbstractCatalogBrain, "_unrestrictedGetObject", refuse),
            api.env.adopt_user(username="nurse"),
        ):
            work = my_work()
        self.assertEqual(
            {key: len(rows) for key, rows in work.items()},
            {"logs": 2, "offers": 1, "activities": 3, "meetings": 1, "concerns": 2},
        )


class TestLanding(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_user("nurse")
        add_user("mor", staff=False)
        add_user("redaktor", staff=False)
        api.user.grant_roles(username="redaktor", roles=["Editor"])

    def test_start_page_by_person(self):
        site = self.portal.absolute_url()
        asked = f"{site}/logs/@@concerns"

        def land(user_id, came_from):
            return landing_url(api.user.get(userid=user_id), came_from)

        self.assertEqual(land("nurse", ""), f"{site}/@@my-work")
        self.assertEqual(land("nurse", site), f"{site}/@@my-work")
        self.assertEqual(land("nurse", f"{site}/login"), f"{site}/@@my-work")
        self.assertEqual(land("nurse", asked), asked)
        self.assertEqual(land("mor", site), f"{site}/@@my-logs")
        self.assertEqual(land("redaktor", site), site)  # no work page: no change


class TestUpgrade(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_upgrade_gives_staff_the_page_and_the_menu_entry(self):
        from bti.portal.upgrades.v1014_work_page import upgrade

        portal = self.layer["portal"]
        actions = api.portal.get_tool("portal_actions")
        actions["portal_tabs"].manage_delObjects(["bti-my-work"])
        portal.manage_permission("bti.portal: View work page", ["Manager"], True)
        upgrade(None)
        roles = [
            r["name"]
            for r in portal.rolesOfPermission("bti.portal: View work page")
            if r["selected"]
        ]
        self.assertEqual(sorted(roles), ["Manager", "Staff"])
        self.assertIn("bti-my-work", actions["portal_tabs"].objectIds())
