"""Colleagues offered on a log's staff pages (bti.portal.relaylog.colleagues):
the unit's people in full, others by name, a page that does not grow."""

from bti.portal.relaylog import colleagues
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.rounds import staff
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people
from unittest import mock

import re
import requests
import transaction
import unittest


def ids(people) -> list[str]:
    return [person["id"] for person in people]


class TestChoose(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.school, self.health, self.ppt = set_up_people(self.portal)

    def test_the_unit_in_full_others_only_by_name(self):
        choice = colleagues.choose(self.school.UID(), exclude={"holder"})
        self.assertEqual(ids(choice.unit), ["boss", "next"])  # by name
        self.assertEqual(choice.others, ())
        self.assertEqual(choice.others_total, 2)  # nurse, psych
        found = colleagues.choose(self.school.UID(), {"holder"}, "NORA helse")
        self.assertEqual(ids(found.others), ["nurse"])
        self.assertEqual((found.others_total, found.more), (1, 0))
        self.assertEqual(colleagues.choose(self.school.UID(), (), "zz").others, ())
        # No unit on the log: everyone is found by name.
        nobody = colleagues.choose(None, (), "per")
        self.assertEqual((nobody.unit, ids(nobody.others)), ((), ["psych"]))

    def test_a_removed_login_on_a_list_is_not_offered(self):
        self.school.staff = [*self.school.staff, "gone"]
        self.school.reindexObject(idxs=["bti_people"])
        add_unit(self.portal, "Borte", "school", staff=["gone2"])
        choice = colleagues.choose(self.school.UID(), {"holder"}, "gone")
        self.assertEqual(ids(choice.unit), ["boss", "next"])
        self.assertEqual(choice.others, ())

    def test_at_most_shown_others_and_how_many_more(self):
        for number in range(5):
            add_user(f"extra{number}", f"Ekstra Ansatt {number}")
        add_unit(
            self.portal, "Stor enhet", "school", staff=[f"extra{n}" for n in range(5)]
        )
        with mock.patch.object(colleagues, "SHOWN", 2):
            choice = colleagues.choose(self.school.UID(), (), "ansatt")
        self.assertEqual(ids(choice.others), ["extra0", "extra1"])
        self.assertEqual((choice.others_total, choice.more), (5, 3))

    def test_absence_reads_only_the_units_of_the_people_shown(self):
        today = date.today()
        staff.set_absence(self.health, "nurse", today, today)
        staff.set_absence(self.school, "next", today, today)
        woken = []
        real = staff.absences

        def spy(unit):
            woken.append(unit.getId())
            return real(unit)

        with mock.patch.object(colleagues, "absences", spy):
            choice = colleagues.choose(self.school.UID(), {"holder"})
        self.assertEqual(woken, [self.school.getId()])
        self.assertEqual(
            {p["id"]: p["absent"] for p in choice.unit}, {"boss": False, "next": True}
        )
        found = colleagues.choose(self.school.UID(), {"holder"}, "nora")
        self.assertTrue(found.others[0]["absent"])
        self.assertEqual(colleagues.absent_among({"nurse", "psych"}), {"nurse"})
        self.assertEqual(colleagues.absent_among(set()), set())

    def test_everyone_listed_on_a_unit(self):
        self.assertEqual(
            colleagues.listed(), {"holder", "next", "boss", "nurse", "psych"}
        )

    def test_the_search_refuses_what_is_not_a_short_text(self):
        for value in (["a", "b"], {"x": 1}, "x" * 101, "\udcff"):
            with self.assertRaises(colleagues.ColleagueQueryError):
                colleagues.query_param({"who": value})
        self.assertEqual(colleagues.query_param({"who": "  Nora "}), "Nora")
        self.assertEqual(colleagues.query_param({}), "")


class TestPickerPages(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, self.school)
        transaction.commit()

    def get(self, view, user="holder", **params):
        response = requests.get(
            f"{self.log.absolute_url()}/{view}",
            auth=(user, f"secret-{user}"),
            params=params,
            headers={"Accept": "text/html", "Accept-Language": "nb"},
            timeout=60,
        )
        self.addCleanup(response.close)
        return response

    def test_both_pages_list_the_unit_and_find_others(self):
        for view in ("@@handover", "@@who-has-access"):
            with self.subTest(view):
                page = self.get(view)
                self.assertEqual(page.status_code, 200)
                self.assertIn('value="next"', page.text)
                self.assertNotIn('value="nurse"', page.text)
                self.assertIn("2 kolleger på andre enheter", page.text)
                found = self.get(view, who="helsesøster").text
                self.assertIn('value="nurse"', found)
                self.assertIn("Fant 1", found)
                none = self.get(view, who="<b>zz").text
                self.assertIn("«&lt;b&gt;zz»", none)
                self.assertNotIn("<b>zz", none)

    def test_cancel_skips_the_required_colleague(self):
        """The browser asked to choose a colleague before it would cancel."""
        page = self.get("@@handover").text
        cancel = re.search(r'<button[^>]*name="form.buttons.cancel"[^>]*>', page)
        self.assertIn('formnovalidate="formnovalidate"', cancel.group(0))

    def test_a_bad_search_is_a_clear_400(self):
        for view in ("@@handover", "@@who-has-access"):
            for params in ({"who": "x" * 101}, {"who:list": ["a", "b"]}):
                with self.subTest(view=view, params=params):
                    page = self.get(view, **params)
                    self.assertEqual(page.status_code, 400)
                    self.assertIn("Søk med ett navn på høyst 100 tegn", page.text)

    def test_an_offer_to_a_list_is_refused_in_words(self):
        with api.env.adopt_user(username="holder"):
            token = createToken()
        response = requests.post(
            f"{self.log.absolute_url()}/@@handover",
            auth=("holder", "secret-holder"),
            data={
                "_authenticator": token,
                "to:list": ["next", "boss"],
                "form.buttons.offer": "1",
            },
            headers={"Accept-Language": "nb"},
            timeout=60,
        )
        self.addCleanup(response.close)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Velg kollegaen du vil tilby loggen til.", response.text)
        self.log._p_jar.sync()
        self.assertIsNone(handover.current_offer(self.log))

    def test_a_template_is_not_published_without_its_view(self):
        """Five publishes ``<view>/index.html`` skipping the view's checks."""
        for view in ("@@who-has-access", "@@handover", "@@individual-plan"):
            for user in ("holder", "mor"):
                with self.subTest(view=view, user=user):
                    page = self.get(f"{view}/index.html", user)
                    self.assertIn(
                        page.status_code, (404 if user == "holder" else 403, 404)
                    )

    def test_the_pages_stay_closed_to_others(self):
        for view in ("@@handover", "@@who-has-access"):
            for user in ("stranger", "mor"):
                with self.subTest(view=view, user=user):
                    page = self.get(view, user, who="nora")
                    self.assertIn(page.status_code, (403, 404))
                    self.assertNotIn("Nora", page.text)
