"""Control rounds and staff lists of a unit, over REST and on the pages:
the round cycle, the due reminder, the staff list in the handover and sharing
pickers, who may (401/403), and bad input (400 in the user's language)."""

from bti.portal.archive import render
from bti.portal.audit.listing import site_store as store
from bti.portal.domain import audit
from bti.portal.domain import rounds as r
from bti.portal.relaylog.rounds import due
from bti.portal.relaylog.rounds import store as round_store
from bti.portal.reminders import collect
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people
from unittest import mock

import requests
import transaction
import unittest


def headers(language="en") -> dict:
    return {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Accept-Language": language,
    }


class RoundsCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.school, self.health, _ppt = set_up_people(self.portal)
        add_user("helga", "Helga Helseleder")
        self.other = add_unit(
            self.portal, "Nordbyen barnehage", "kindergarten", leaders=["helga"]
        )
        self.log = active_log(self.portal, self.school)
        transaction.commit()
        self.url = f"{self.school.absolute_url()}/@control-rounds"
        self.staff_url = f"{self.school.absolute_url()}/@unit-staff"

    def call(self, method, url, user=None, language="en", **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.request(
            method, url, auth=auth, headers=headers(language), timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def post(self, user, url=None, language="en", **data):
        return self.call("POST", url or self.url, user, language=language, json=data)


class TestRoundCycle(RoundsCase):
    def test_open_record_close_listed(self):
        due = r.round_key(r.due_day(date.today()))
        seen = self.call("GET", self.url, "boss")
        self.assertEqual(seen.status_code, 200, seen.text)
        data = seen.json()
        self.assertTrue(data["is_due"])
        self.assertEqual(data["due"], due)
        [row] = data["logs"]
        self.assertEqual(row["initials"], "K.N.")
        self.assertEqual(row["holders"][0]["id"], "holder")
        # The holder is on the staff list and not absent; consents run on.
        self.assertIs(row["prefill"]["holder_present"], True)
        self.assertIs(row["prefill"]["consents_valid"], True)
        self.assertIsNone(row["prefill"]["plan_current"])
        self.assertNotIn("Kari Nordmann", seen.text)

        self.assertEqual(self.post("boss", action="open").status_code, 200)
        early = self.post("boss", action="close")
        self.assertEqual(early.status_code, 400)
        self.assertEqual(early.json()["error"]["code"], "round_incomplete")
        checks = {**row["prefill"], "plan_current": False}
        done = self.post(
            "boss",
            action="record",
            log=row["uid"],
            checks=checks,
            note="Plan to be updated at the next meeting.",
        )
        self.assertEqual(done.status_code, 200, done.text)
        self.assertEqual(done.json()["current"]["checked"], 1)
        closed = self.post("boss", action="close")
        self.assertEqual(closed.status_code, 200, closed.text)
        self.assertFalse(closed.json()["is_due"])
        # Closed rounds are kept as they were.
        again = self.post("boss", action="record", log=row["uid"], checks=checks)
        self.assertEqual(again.json()["error"]["code"], "round_closed")

        listed = self.call(
            "GET", f"{self.portal.absolute_url()}/@control-rounds", "boss"
        ).json()["items"]
        self.assertEqual([item["unit"]["title"] for item in listed], ["Solsida skole"])
        [kept] = listed[0]["history"]
        self.assertEqual((kept["round"], kept["checked"]), (due, 1))
        self.assertEqual(kept["closed_by"]["id"], "boss")
        page = self.call(
            "GET", f"{self.school.absolute_url()}/@@control-rounds", "boss"
        )
        self.assertIn("Berit Leder", page.text)
        entry = self.call(
            "GET", f"{self.school.absolute_url()}/@@control-round?round={due}", "boss"
        )
        self.assertIn("Plan to be updated at the next meeting.", entry.text)
        # The audit: opened and closed on the unit, the log checked.
        actions = [record.action for record in store().all()]
        for action in (audit.ROUND_OPEN, audit.ROUND_CHECK, audit.ROUND_CLOSE):
            self.assertIn(action, actions)
        checked = [rec for rec in store().all() if rec.action == audit.ROUND_CHECK]
        self.assertEqual(checked[0].log_uid, row["uid"])

    def test_due_reminder(self):
        due = r.due_day(date.today())
        found = collect.collect(due)
        items = [i for i in found.get("boss", []) if i.kind == collect.ROUND_DUE]
        self.assertEqual(len(items), 1)
        self.assertTrue(items[0].url.endswith("/@@control-rounds"))
        self.assertNotIn(
            "holder",
            {
                user
                for user, its in found.items()
                if any(i.kind == collect.ROUND_DUE for i in its)
            },
        )
        page = self.call("GET", f"{self.portal.absolute_url()}/@@my-work", "boss")
        self.assertIn("bti-rounds-due", page.text)
        self.post("boss", action="open")
        uid = self.log.UID()
        self.post("boss", action="record", log=uid, checks={})
        self.post("boss", action="close")
        transaction.begin()
        found = collect.collect(due)
        self.assertFalse([
            i for i in found.get("boss", []) if i.kind == collect.ROUND_DUE
        ])

    def test_my_units_wakes_only_the_units_led(self):
        woken = []
        original = AbstractCatalogBrain._unrestrictedGetObject

        def counted(brain):
            woken.append(brain.getPath())
            return original(brain)

        with (
            mock.patch.object(AbstractCatalogBrain, "_unrestrictedGetObject", counted),
            api.env.adopt_user(username="boss"),
        ):
            found = due.my_units()
        self.assertEqual([u["unit"] for u in found], [self.school.Title()])
        self.assertEqual(woken, ["/".join(self.school.getPhysicalPath())])
        with api.env.adopt_user(username="helga"):
            self.assertEqual([u["unit"] for u in due.my_units()], [self.other.Title()])


class TestKeptRounds(RoundsCase):
    def test_a_closed_round_shows_each_log_as_it_was_checked(self):
        due = r.round_key(r.due_day(date.today()))
        uid = self.log.UID()
        self.post("boss", action="record", log=uid, checks={"plan_current": True})
        self.assertEqual(self.post("boss", action="close").status_code, 200)
        # The log is closed afterwards: the round still shows it at level 1.
        self.log._p_jar.sync()
        self.log.close_reason = "goals_reached"
        with (
            mock.patch.object(render, "pdf", return_value=b"%PDF-1.7 x"),
            api.env.adopt_user(username="holder"),
        ):
            api.content.transition(obj=self.log, transition="close")
            transaction.commit()
        kept = self.call("GET", self.url, "boss", params={"round": due})
        self.assertEqual(kept.status_code, 200, kept.text)
        data = kept.json()
        self.assertTrue(data["snapshot"])
        [line] = data["logs"]
        self.assertEqual((line["initials"], line["state"]), ("K.N.", "level1"))
        self.assertEqual([h["id"] for h in line["holders"]], ["holder"])
        self.assertIs(line["checks"]["plan_current"], True)
        page = self.call(
            "GET", f"{self.school.absolute_url()}/@@control-round?round={due}", "boss"
        )
        self.assertTrue("Nivå 1" in page.text, "the level when checked")
        self.assertFalse("før portalen tok vare" in page.text, "no missing note")

    def test_a_round_closed_before_snapshots_says_so(self):
        uid = self.log.UID()
        item = round_store.open_round(self.school, "2026-02-15", "boss")
        item["entries"][uid] = {"checks": {"plan_current": False}, "note": "Old."}
        item["entries"][uid].update(by="boss", at="2026-02-20T10:00:00+00:00")
        item["closed_at"], item["closed_by"] = "2026-02-20T10:00:00+00:00", "boss"
        transaction.commit()
        data = self.call("GET", self.url, "boss", params={"round": "2026-02-15"})
        self.assertEqual(data.status_code, 200, data.text)
        self.assertFalse(data.json()["snapshot"])
        [line] = data.json()["logs"]
        self.assertEqual((line["state"], line["holders"]), (None, []))
        self.assertEqual(line["note"], "Old.")
        page = self.call(
            "GET",
            f"{self.school.absolute_url()}/@@control-round?round=2026-02-15",
            "boss",
        )
        self.assertEqual(page.status_code, 200)
        self.assertTrue("før portalen tok vare" in page.text, "missing note")
        self.assertFalse("Nivå 1" in page.text, "no level from today")
        page_url = f"{self.school.absolute_url()}/@@control-round"
        for bad, status in (("2026-2-15", 400), ("x", 400), ("2001-01-01", 404)):
            response = self.call("GET", self.url, "boss", params={"round": bad})
            self.assertEqual(response.status_code, status, bad)
            if bad != "2026-2-15":
                page = self.call("GET", page_url, "boss", params={"round": bad})
                self.assertEqual(page.status_code, status, bad)
        for user, status in ((None, 401), ("helga", 403), ("holder", 403)):
            response = self.call("GET", self.url, user, params={"round": "2026-02-15"})
            self.assertIn(response.status_code, (401, status), user)


class TestAccessAndInput(RoundsCase):
    def test_who_may(self):
        site = f"{self.portal.absolute_url()}/@control-rounds"
        for url in (self.url, self.staff_url):
            self.assertEqual(self.call("GET", url).status_code, 401)
            for user in ("holder", "helga", "mor"):
                status = self.call("GET", url, user).status_code
                self.assertIn(status, (401, 403), (url, user))
        self.assertEqual(self.call("GET", site).status_code, 401)
        self.assertEqual(self.call("GET", site, "holder").status_code, 403)
        # The leader of another unit names this unit in the body: refused.
        refused = self.post("helga", url=site, unit=self.school.UID(), action="open")
        self.assertEqual(refused.status_code, 403)
        self.assertIn(self.post("holder", action="open").status_code, (401, 403))
        refused = self.call("POST", self.staff_url, "holder", json={"user": "psych"})
        self.assertIn(refused.status_code, (401, 403))
        # The coordinator may.
        self.assertEqual(self.call("GET", self.url, "coord").status_code, 200)

    def test_bad_input(self):
        uid = self.log.UID()
        cases = (
            ({"action": "dance"}, "round_action_unknown"),
            ({"action": "record", "log": "nope", "checks": {}}, "round_unknown_log"),
            (
                {"action": "record", "log": uid, "checks": {"x": 1}},
                "round_checks_invalid",
            ),
            (
                {"action": "record", "log": uid, "note": "x" * 400},
                "round_note_too_long",
            ),
            ({"action": "open", "round": "2001-01-01"}, "round_not_due"),
            ({"action": "open", "round": 7}, None),
        )
        for data, code in cases:
            response = self.post("boss", language="nb", **data)
            self.assertEqual(response.status_code, 400, (data, response.text))
            if code:
                self.assertEqual(response.json()["error"]["code"], code)
        nb = self.post(
            "boss", language="nb", action="record", log=uid, note="x" * 400
        ).json()["error"]["message"]
        self.assertIn("300", nb)
        self.assertIn("for lang", nb)
        site = f"{self.portal.absolute_url()}/@control-rounds"
        self.assertEqual(self.post("boss", url=site, unit=3).status_code, 400)
        for data in (
            {"user": "mor"},
            {"user": ["x"]},
            {"user": "holder", "absent_from": "2026-06-02", "absent_to": "2026-06-01"},
        ):
            response = self.call("POST", self.staff_url, "boss", json=data)
            self.assertEqual(response.status_code, 400, (data, response.text))
        gone = self.call("DELETE", self.staff_url, "boss", json={"user": "psych"})
        self.assertEqual(gone.status_code, 400)


class TestStaffList(RoundsCase):
    def test_staff_list_feeds_handover_and_rounds(self):
        added = self.call("POST", self.staff_url, "boss", json={"user": "psych"})
        self.assertEqual(added.status_code, 200, added.text)
        self.assertIn("psych", [row["id"] for row in added.json()["staff"]])
        absent = self.call(
            "POST",
            self.staff_url,
            "boss",
            json={
                "user": "holder",
                "absent_from": date.today().isoformat(),
                "absent_to": date.today().isoformat(),
            },
        )
        self.assertEqual(absent.status_code, 200, absent.text)
        rows = {row["id"]: row for row in absent.json()["staff"]}
        self.assertTrue(rows["holder"]["absent"])
        # The round now says the holder is not present.
        [row] = self.call("GET", self.url, "boss").json()["logs"]
        self.assertIs(row["prefill"]["holder_present"], False)
        # The handover picker offers the unit's people; others by name.
        self.log._p_jar.sync()
        with api.env.adopt_user(username="holder"):
            view = self.log.restrictedTraverse("@@handover")
            choice = view.choice()
        self.assertEqual(
            [person["id"] for person in choice.unit], ["boss", "next", "psych"]
        )
        self.assertEqual(choice.others, ())
        self.layer["request"].form["who"] = "nora"
        with api.env.adopt_user(username="holder"):
            found = self.log.restrictedTraverse("@@handover").choice()
        self.assertEqual([person["id"] for person in found.others], ["nurse"])
        # The sharing page offers the unit's staff before anyone searches.
        with api.env.adopt_user(username="holder"):
            sharing = self.log.restrictedTraverse("@@sharing")
            offered = [entry["id"] for entry in sharing.user_search_results()]
        self.assertEqual(sorted(offered), ["next", "psych"])
        removed = self.call("DELETE", self.staff_url, "boss", json={"user": "psych"})
        self.assertEqual(removed.status_code, 200, removed.text)
        self.assertNotIn("psych", [row["id"] for row in removed.json()["staff"]])
