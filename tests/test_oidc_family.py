"""The family linked by national id, against a real OpenID provider.

A guardian logging in sees exactly their children's logs; a person with no
role sees none. Only keyed hashes of national ids are kept, and no national id
reaches a log line.
"""

from bti.portal.domain import permissions as p
from bti.portal.oidc.settings import pid_hash
from bti.portal.relaylog.family import members as family
from bti.portal.testing import use_temp_audit_dir
from bti.portal.testing.oidc import CHILD_B_PID
from bti.portal.testing.oidc import FAMILY_PEOPLE
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from tests.family_fixture import active_log
from tests.family_fixture import captured_log_lines
from tests.family_fixture import password_of
from tests.family_fixture import unit_with_holder
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility
from zope.component.hooks import setSite

import re
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
PIDS = {name: pid for name, (pid, _given, _family) in FAMILY_PEOPLE.items()}
ALL_NUMBERS = (*PIDS.values(), CHILD_B_PID)


class FamilyTestCase(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        self.audit_dir = use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        unit = unit_with_holder(self.portal)
        # Log A: Kari (17, at the consent age 16); log B: a child of 14.
        self.log_a = active_log(
            self.portal, unit, "holder", national_id=PIDS["kari"], title="K.U."
        )
        self.log_b = active_log(
            self.portal,
            unit,
            "holder",
            guardians=("Mamma",),
            national_id=CHILD_B_PID,
            title="B.M.",
        )
        transaction.commit()

    def holder_http(self) -> requests.Session:
        """The holder over REST with a local password (needs demo mode)."""
        getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True
        transaction.commit()
        http = requests.Session()
        http.auth = ("holder", password_of("holder"))
        http.headers.update(JSON)
        return http

    def visible_logs(self, browser: ProviderBrowser) -> set[str]:
        response = browser.http.get(
            f"{browser.site_url}/@search",
            params={"portal_type": "RelayLog", "metadata_fields": "UID"},
            headers=JSON,
        )
        self.assertEqual(response.status_code, 200, response.text)
        found = {item["UID"] for item in response.json()["items"]}
        overview = browser.http.get(
            f"{browser.site_url}/logs/@log-overview", headers=JSON
        )
        if overview.status_code != 404:  # the logs overview, where it exists
            self.assertEqual(overview.status_code, 200, overview.text)
            lists = overview.json()
            self.assertEqual({log["uid"] for log in lists["my_logs"]}, found)
            self.assertEqual(lists["overseen"], [])
        return found

    def login(self, username: str) -> ProviderBrowser:
        browser = ProviderBrowser(self.layer)
        response = browser.login(username)
        self.assertIsNone(refusal_reason(response), response.headers.get("Location"))
        return browser

    def userid(self, username: str) -> str:
        transaction.begin()
        (userid,) = self.portal.acl_users.oidc.userids_for_pid(PIDS[username])
        return userid

    def add(self, log, username: str, role: str = p.GUARDIAN, name: str = ""):
        family.add_member(log, PIDS[username], role, added_by="holder", name=name)
        transaction.commit()


class TestGuardiansSeeTheirChildrensLogs(FamilyTestCase):
    def test_each_guardian_sees_exactly_their_childs_log_and_a_stranger_none(self):
        self.add(self.log_a, "mor", name="Mor")
        self.add(self.log_b, "mamma", name="Mamma")
        with captured_log_lines() as lines:
            seen = {
                name: self.visible_logs(self.login(name))
                for name in ("mor", "mamma", "nabo")
            }
        self.assertEqual(seen["mor"], {self.log_a.UID()})
        self.assertEqual(seen["mamma"], {self.log_b.UID()})
        self.assertEqual(seen["nabo"], set())
        transaction.begin()
        self.assertEqual(
            self.log_a.get_local_roles_for_userid(self.userid("mor")), (p.GUARDIAN,)
        )
        self.assertEqual(
            self.log_a.get_local_roles_for_userid(self.userid("mamma")), ()
        )
        # No national id in any log line of the whole run (server included).
        text = "\n".join(lines)
        self.assertIn("OIDC login of u-", text)
        for number in ALL_NUMBERS:
            self.assertNotIn(number, text)
        # ... nor in the audit records.
        for path in self.audit_dir.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                for number in ALL_NUMBERS:
                    self.assertNotIn(number.encode(), content, path)

    def test_a_guardian_lands_on_my_logs_unless_they_asked_for_a_page(self):
        self.add(self.log_a, "mor", name="Mor")
        browser = ProviderBrowser(self.layer)
        response = browser.login("mor")
        self.assertEqual(response.headers["Location"], f"{browser.site_url}/@@my-logs")
        wanted = f"{self.log_a.absolute_url()}"
        again = ProviderBrowser(self.layer)
        auth_url = again.start_login(f"?came_from={wanted}")
        response = again.callback(again.authorize(auth_url, "mor"))
        self.assertEqual(response.headers["Location"], wanted)

    def test_a_guardian_of_two_children_sees_both(self):
        self.add(self.log_a, "far")
        self.add(self.log_b, "far")
        self.assertEqual(
            self.visible_logs(self.login("far")), {self.log_a.UID(), self.log_b.UID()}
        )

    def test_the_young_person_sees_their_own_log(self):
        self.add(self.log_a, "kari", role=p.YOUTH)
        self.assertEqual(self.visible_logs(self.login("kari")), {self.log_a.UID()})
        self.assertEqual(
            self.log_a.get_local_roles_for_userid(self.userid("kari")), (p.YOUTH,)
        )

    def test_a_person_who_logged_in_before_gets_the_role_at_once(self):
        far = self.login("far")
        self.assertEqual(self.visible_logs(far), set())
        response = self.holder_http().post(
            f"{self.log_a.absolute_url()}/@family",
            json={"national_id": PIDS["far"], "role": "Guardian", "name": "Far"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertTrue(response.json()["linked"])
        self.assertEqual(self.visible_logs(far), {self.log_a.UID()})  # same session

    def test_only_hashes_are_kept(self):
        self.add(self.log_a, "mor")
        self.login("mor")
        transaction.begin()
        catalog = api.portal.get_tool("portal_catalog")
        self.assertNotIn("bti_family_pids", catalog.schema())  # no metadata column
        (brain,) = catalog.unrestrictedSearchResults(
            bti_family_pids=pid_hash(PIDS["mor"])
        )
        self.assertEqual(brain.UID, self.log_a.UID())
        indexes = repr(catalog.getIndexDataForRID(brain.getRID()))
        metadata = repr(catalog.getMetadataForRID(brain.getRID()))
        stored = repr(dict(IAnnotations(self.log_a)))
        self.assertIn(pid_hash(PIDS["mor"]), indexes)
        for number in (PIDS["mor"], PIDS["kari"]):
            self.assertNotIn(number, indexes)
            self.assertNotIn(number, metadata)
        self.assertNotIn(PIDS["mor"], stored)
        listing = self.holder_http().get(f"{self.log_a.absolute_url()}/@family")
        self.assertEqual(listing.status_code, 200, listing.text)
        self.assertEqual(
            [(i["role"], i["linked"]) for i in listing.json()["items"]],
            [("Guardian", True)],
        )
        self.assertNotIn(PIDS["mor"], listing.text)
        self.assertNotIn(pid_hash(PIDS["mor"]), listing.text)


class TestFamilyRest(FamilyTestCase):
    def post(self, log, http=None, **data) -> requests.Response:
        return (http or self.holder_http()).post(
            f"{log.absolute_url()}/@family", json=data
        )

    def assertRefused(self, response, code: str):
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["code"], code)
        self.assertTrue(response.json()["message"])

    def test_invalid_number_is_refused_without_echo(self):
        wrong = PIDS["mor"][:-1] + str((int(PIDS["mor"][-1]) + 1) % 10)
        response = self.post(self.log_a, national_id=wrong, role="Guardian")
        self.assertRefused(response, "national_id_check_digit")
        self.assertNotIn(wrong, response.text)
        self.assertRefused(
            self.post(self.log_a, national_id="123", role="Guardian"),
            "national_id_length",
        )

    def test_role_must_be_guardian_or_youth(self):
        self.assertRefused(
            self.post(self.log_a, national_id=PIDS["mor"], role="RelayHolder"),
            "family_role_unknown",
        )

    def test_youth_only_at_the_consent_age_and_only_the_child(self):
        self.assertRefused(
            self.post(self.log_b, role="Youth"), "family_youth_under_consent_age"
        )
        self.assertRefused(
            self.post(self.log_a, national_id=PIDS["mor"], role="Youth"),
            "family_youth_not_the_child",
        )
        self.assertRefused(
            self.post(self.log_a, national_id=PIDS["kari"], role="Guardian"),
            "family_guardian_is_the_child",
        )
        created = self.post(self.log_a, role="Youth")  # the child's own number
        self.assertEqual(created.status_code, 201, created.text)
        self.assertEqual(created.json()["role"], "Youth")
        self.assertRefused(self.post(self.log_a, role="Youth"), "family_already_added")

    def test_only_the_holder_adds_family(self):
        self.add(self.log_a, "mor")
        mor = self.login("mor")
        response = mor.http.post(
            f"{self.log_a.absolute_url()}/@family",
            json={"national_id": PIDS["far"], "role": "Guardian"},
            headers=JSON,
        )
        self.assertEqual(response.status_code, 403, response.text)
        transaction.begin()
        self.assertEqual(len(family.entries(self.log_a)), 1)


class TestAddFamilyForm(FamilyTestCase):
    def test_holder_adds_a_guardian_with_the_form(self):
        http = self.holder_http()
        http.headers.pop("Accept")
        url = f"{self.log_a.absolute_url()}/@@add-family"
        page = http.get(url)
        self.assertEqual(page.status_code, 200, page.text[:300])
        token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(
            1
        )
        data = {"national_id": PIDS["mor"], "role": "Guardian", "name": "Mor"}
        self.assertEqual(http.post(url, data=data).status_code, 403)  # no CSRF token
        done = http.post(
            url, data={**data, "_authenticator": token}, allow_redirects=False
        )
        self.assertEqual(done.status_code, 302, done.text[:500])
        listing = http.get(url)
        self.assertIn("bti-family-members", listing.text)
        self.assertNotIn(PIDS["mor"], listing.text)
        # The day added as the reader writes it ("3. desember 2026"), not ISO.
        self.assertNotRegex(listing.text, r"<td>\d{4}-\d{2}-\d{2}</td>")
        self.assertRegex(listing.text, r"<td>\d{1,2}\. \w+ \d{4}</td>")
        bad = http.post(url, data={**data, "_authenticator": token})
        self.assertEqual(bad.status_code, 400)  # already added: the page explains
        self.assertNotIn(PIDS["mor"], bad.text)
        self.assertEqual(self.visible_logs(self.login("mor")), {self.log_a.UID()})

    def test_a_failed_request_keeps_no_number(self):
        """Plone's error log copies the request (str(request)) with an error."""
        from zExceptions import Forbidden

        request = self.layer["request"]
        request.method = "POST"
        request.form.update(national_id=PIDS["mor"], role="Guardian")
        view = api.content.get_view("add-family", self.log_a, request)
        with api.env.adopt_user(username="holder"), self.assertRaises(Forbidden):
            view()  # no CSRF token
        self.assertNotIn(PIDS["mor"], str(request))
