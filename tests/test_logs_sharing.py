"""Sharing a log: REST @sharing and the Sharing page apply the log's rules.

Participants need consent for cooperation covering their service; the relay
holder changes only by handover; nothing changes on a log that is not active.
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.roles import set_role
from bti.portal.relaylog.rounds import staff
from bti.portal.relaylog.sharing.rules import KEPT_ELSEWHERE
from bti.portal.relaylog.sharing.rules import NOT_ACTIVE
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from datetime import timedelta
from lxml import html as lxml_html
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import requests
import transaction
import unittest


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def t(msgid) -> str:
    return api.portal.translate(msgid)


class RestTestCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school, cooperation=("health_station",))
        self.url = self.log.absolute_url()
        transaction.commit()

    def call(self, method, url, user, **options):
        password = SITE_OWNER_PASSWORD if user == SITE_OWNER_NAME else f"secret-{user}"
        response = requests.request(
            method, url, auth=(user, password), headers=JSON, timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def share(
        self, user_id, role, present=True, as_user="holder", principal_type="user"
    ):
        return self.call(
            "POST",
            f"{self.url}/@sharing",
            as_user,
            json={
                "entries": [
                    {"id": user_id, "type": principal_type, "roles": {role: present}}
                ]
            },
        )

    def local_roles(self, user_id):
        self.log._p_jar.sync()
        return set(self.log.get_local_roles_for_userid(user_id))


class TestSharingRest(RestTestCase):
    def test_participant_from_a_covered_service(self):
        response = self.share("nurse", p.PARTICIPANT)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.local_roles("nurse"), {p.PARTICIPANT})
        # The participant now reads the log; @sharing lists them.
        self.assertEqual(self.call("GET", self.url, "nurse").status_code, 200)
        listed = self.call("GET", f"{self.url}/@sharing", "holder").json()
        nurse = [entry for entry in listed["entries"] if entry["id"] == "nurse"]
        self.assertTrue(nurse[0]["roles"][p.PARTICIPANT])

    def test_participant_from_the_holders_own_service(self):
        response = self.share("next", p.PARTICIPANT)
        self.assertEqual(response.status_code, 204, response.text)

    def test_participant_from_an_uncovered_service_is_refused(self):
        response = self.share("psych", p.PARTICIPANT)
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()
        self.assertEqual(error["type"], "BadRequest")
        self.assertIn("Per PPT", error["message"])
        self.assertIn(t(message("service_not_covered")), error["message"])
        self.assertEqual(self.local_roles("psych"), set())
        self.assertEqual(self.call("GET", self.url, "psych").status_code, 401)

    def test_participant_not_on_any_unit_is_refused(self):
        response = self.share("stranger", p.PARTICIPANT)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self.local_roles("stranger"), set())

    def test_group_as_participant_is_refused(self):
        response = self.share("bti-staff", p.PARTICIPANT, principal_type="group")
        self.assertEqual(response.status_code, 400, response.text)

    def test_relay_holder_only_by_handover(self):
        response = self.share("next", p.RELAY_HOLDER)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["message"], t(KEPT_ELSEWHERE[p.RELAY_HOLDER]))
        self.assertEqual(self.local_roles("next"), set())
        # Nor can the holder drop the role.
        response = self.share("holder", p.RELAY_HOLDER, present=False)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self.local_roles("holder"), {p.RELAY_HOLDER})

    def test_manager_may_set_the_holder(self):
        response = self.share("next", p.RELAY_HOLDER, as_user=SITE_OWNER_NAME)
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.local_roles("next"), {p.RELAY_HOLDER})
        # The holder index follows the sharing page, and with it the
        # dashboard's lists.
        catalog = api.portal.get_tool("portal_catalog")
        found = catalog.unrestrictedSearchResults(bti_holder="next")
        self.assertEqual([brain.UID for brain in found], [self.log.UID()])

    def test_family_roles_only_by_linking_the_family(self):
        # Parents and the young person are linked by national id (@@add-family);
        # the holder cannot hand their roles to anyone, least of all a group.
        for role in (p.GUARDIAN, p.YOUTH):
            for who, kind in (("mor", "user"), ("AuthenticatedUsers", "group")):
                with self.subTest(role=role, who=who):
                    response = self.share(who, role, principal_type=kind)
                    self.assertEqual(response.status_code, 400, response.text)
                    self.assertEqual(self.local_roles(who), set())
        # The plan coordinator is never offered here: nothing changes.
        self.share("mor", p.PLAN_COORDINATOR)
        self.assertEqual(self.local_roles("mor"), set())
        self.assertEqual(self.call("GET", self.url, "mor").status_code, 401)
        self.assertEqual(self.call("GET", self.url, "stranger").status_code, 401)

    def test_manager_may_add_a_guardian(self):
        response = self.share("mor", p.GUARDIAN, as_user=SITE_OWNER_NAME)
        self.assertEqual(response.status_code, 204, response.text)
        response = self.call("GET", self.url, "mor")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["title"], "K.N.")

    def test_search_finds_colleagues_only(self):
        response = self.call("GET", f"{self.url}/@sharing?search=o", "holder")
        self.assertEqual(response.status_code, 200, response.text)
        found = {entry["id"] for entry in response.json()["entries"]}
        self.assertIn("nurse", found)  # listed on a unit
        self.assertNotIn("mor", found)  # family: never offered
        response = self.call("GET", f"{self.url}/@sharing?search=staff", "holder")
        found = {entry["id"] for entry in response.json()["entries"]}
        self.assertNotIn("bti-staff", found)  # no group is offered

    def test_nothing_changes_on_a_closed_log(self):
        response = self.call(
            "POST",
            f"{self.url}/@workflow/close",
            "holder",
            json={"close_reason": "moved"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        response = self.share("nurse", p.PARTICIPANT, as_user=SITE_OWNER_NAME)
        # Even Manager: participants join active logs only (the consent rule).
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(t(message("log_not_active")), response.json()["message"])
        self.assertEqual(self.local_roles("nurse"), set())
        response = self.share("mor", p.GUARDIAN)
        self.assertIn(response.status_code, (401, 403))  # the holder only reads now

    def test_inheritance_from_the_log_folder_stays(self):
        response = self.call(
            "POST", f"{self.url}/@sharing", "holder", json={"inherit": False}
        )
        self.assertEqual(response.status_code, 400, response.text)
        # Not even Manager: coordinators oversee every log (the dashboard
        # counts every log for them).
        response = self.call(
            "POST", f"{self.url}/@sharing", SITE_OWNER_NAME, json={"inherit": False}
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.log._p_jar.sync()
        self.assertFalse(getattr(self.log, "__ac_local_roles_block__", None))
        # Sending the present setting along is fine.
        response = self.call(
            "POST",
            f"{self.url}/@sharing",
            "holder",
            json={"inherit": True, "entries": []},
        )
        self.assertEqual(response.status_code, 204, response.text)

    def test_unit_leader_cannot_share(self):
        response = self.share("nurse", p.PARTICIPANT, as_user="boss")
        self.assertIn(response.status_code, (401, 403))


class TestWorkflowRest(RestTestCase):
    """@workflow on a log: refusals answer 400 with the reasons."""

    def test_allowed_transition(self):
        response = self.call("POST", f"{self.url}/@workflow/to_level2", "holder")
        self.assertEqual(response.status_code, 200, response.text)  # health covered
        self.assertEqual(response.json()["review_state"], "level2")

    def test_guarded_out_transition_answers_400_with_reasons(self):
        from bti.portal.relaylog.roles import unit_of

        other = active_log(self.portal, unit_of(self.log), cooperation=())
        transaction.commit()
        response = self.call(
            "POST", f"{other.absolute_url()}/@workflow/to_level2", "holder"
        )
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertEqual(error["type"], "WorkflowException")
        self.assertEqual(
            [r["code"] for r in error["reasons"]], ["cooperation_consent_missing"]
        )
        self.assertIn(t(message("cooperation_consent_missing")), error["message"])
        other._p_jar.sync()
        self.assertEqual(api.content.get_state(other), "level1")

    def test_close_without_reason_is_refused_clearly(self):
        response = self.call("POST", f"{self.url}/@workflow/close", "holder")
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertEqual(
            [r["code"] for r in error["reasons"]], ["close_reason_missing"]
        )
        self.assertIn(t(message("close_reason_missing")), error["message"])

    def test_unknown_close_reason(self):
        response = self.call(
            "POST",
            f"{self.url}/@workflow/close",
            "holder",
            json={"close_reason": "bored"},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.log._p_jar.sync()
        self.assertIsNone(self.log.close_reason)

    def test_family_may_not_change_the_level(self):
        set_role(self.log, "mor", p.GUARDIAN)  # as linking the family does
        transaction.commit()
        response = self.call("POST", f"{self.url}/@workflow/to_level2", "mor")
        self.assertEqual(response.status_code, 403, response.text)

    def test_close_with_reason_records_it(self):
        response = self.call(
            "POST",
            f"{self.url}/@workflow/close",
            "holder",
            json={"close_reason": "goals_reached", "comment": "Målene er nådd"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "closed")
        self.assertEqual(response.json()["actor"], "holder")
        self.log._p_jar.sync()
        self.assertEqual(self.log.close_reason, "goals_reached")


class TestSharingPage(unittest.TestCase):
    """The classic Sharing page: a refusal is a status message, nothing is saved."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school)

    def submit(self, user_id, role, as_user="holder"):
        form = self.request.form
        form.clear()
        form.update({
            "form.submitted": "1",
            "form.button.Save": "Save",
            "entries": [{"id": user_id, "type": "user", f"role_{role}": "True"}],
        })
        self.request["REQUEST_METHOD"] = "POST"
        with api.env.adopt_user(username=as_user):
            form["_authenticator"] = createToken()
            view = self.log.restrictedTraverse("@@sharing")
            html = view()
        return view, html

    def status(self) -> str:
        from Products.statusmessages.interfaces import IStatusMessage

        return " ".join(m.message for m in IStatusMessage(self.request).show())

    def test_is_the_logs_own_view(self):
        from bti.portal.relaylog.sharing.rules import LogSharingView

        with api.env.adopt_user(username="holder"):
            self.assertIsInstance(
                self.log.restrictedTraverse("@@sharing"), LogSharingView
            )

    def test_adding_a_participant_from_a_covered_service(self):
        self.submit("nurse", p.PARTICIPANT)
        self.assertEqual(
            set(self.log.get_local_roles_for_userid("nurse")), {p.PARTICIPANT}
        )

    def test_adding_a_guardian_is_refused(self):
        self.submit("mor", p.GUARDIAN)
        self.assertEqual(self.log.get_local_roles_for_userid("mor"), ())

    def test_refusal_is_a_status_message_and_nothing_is_saved(self):
        import transaction

        _view, html = self.submit("psych", p.PARTICIPANT)
        self.assertTrue(transaction.get().isDoomed())
        self.assertIn(t(message("service_not_covered")), html)
        self.assertIn("Per PPT", html)

    def test_holder_role_refused_on_the_page(self):
        _view, html = self.submit("next", p.RELAY_HOLDER)
        self.assertIn(t(KEPT_ELSEWHERE[p.RELAY_HOLDER]), html)

    def test_draft_log_is_not_shared(self):
        from bti.portal.relaylog.roles import unit_of
        from tests.logs_fixture import add_log

        self.log = add_log(self.portal, unit_of(self.log), "holder")
        _view, html = self.submit("mor", p.GUARDIAN)
        self.assertIn(t(NOT_ACTIVE), html)
        self.assertEqual(self.log.get_local_roles_for_userid("mor"), ())


class TestWhoHasAccessPage(RestTestCase):
    """ "Hvem har tilgang" (@@who-has-access): the holder adds and removes
    participants by the Sharing rules; nobody else changes anything."""

    def page(self, user=None, **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(
            f"{self.url}/@@who-has-access", auth=auth, timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def post(self, user, token, **form):
        response = requests.post(
            f"{self.url}/@@who-has-access",
            auth=(user, f"secret-{user}"),
            data={"_authenticator": token, **form},
            allow_redirects=False,
            timeout=60,
        )
        self.addCleanup(response.close)
        return response

    def token(self, user) -> str:
        with api.env.adopt_user(username=user):
            return createToken()

    def test_holder_adds_and_removes_a_participant(self):
        page = self.page("holder")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Hanne Holder", page.text)
        self.assertIn('value="next"', page.text)  # the unit's own staff
        self.assertNotIn('value="nurse"', page.text)  # another unit: search
        self.assertNotIn("Mona", page.text)  # no family on this log yet
        found = self.page("holder", params={"who": "nora"}).text
        self.assertIn('value="nurse"', found)  # a colleague to add
        # The search is a GET: no token in its address (plone.protect adds
        # one to every form that has none; a disabled field is not sent).
        search = lxml_html.document_fromstring(found).find_class(
            "bti-colleague-search"
        )[0]
        [token_field] = search.xpath(".//input[@name='_authenticator']")
        self.assertEqual(
            (token_field.get("disabled"), token_field.get("value")), ("disabled", None)
        )
        token = self.token("holder")
        added = self.post("holder", token, action="add", participant="nurse")
        self.assertEqual(added.status_code, 302)
        self.assertEqual(self.local_roles("nurse"), {p.PARTICIPANT})
        page = self.page("holder").text
        self.assertIn("Nora Helsesøster", page)
        self.assertIn("bti-access-remove", page)
        removed = self.post("holder", token, action="remove", participant="nurse")
        self.assertEqual(removed.status_code, 302)
        self.assertEqual(self.local_roles("nurse"), set())

    def test_absent_staff_marked_as_in_the_plans_coordinator_list(self):
        today = date.today()
        school = None
        for unit in self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="Unit"
        ):
            unit = unit._unrestrictedGetObject()
            if "nurse" in staff.staff_ids(unit):
                staff.set_absence(unit, "nurse", today, today + timedelta(days=3))
            if "holder" in staff.staff_ids(unit):
                staff.set_absence(unit, "holder", today, today)
                school = unit
        # "next" was away last week: present today.
        last_week = today - timedelta(days=7)
        staff.set_absence(school, "next", last_week, last_week)
        transaction.commit()
        found = self.page("holder", params={"who": "Helsesøster"})
        root = lxml_html.document_fromstring(found.text)
        marked = [
            " ".join(card.text_content().split())
            for card in root.find_class("card")
            if card.find_class("bti-access-absent")
        ]
        self.assertEqual(len(marked), 1)
        self.assertIn("Hanne Holder", marked[0])
        options = {
            option.get("value"): " ".join(option.text_content().split())
            for option in root.xpath("//select[@name='participant']//option")
        }
        self.assertTrue(options["nurse"].endswith("(borte)"), options)
        self.assertNotIn("borte", options["next"])

    def test_the_sharing_rules_refuse_in_words(self):
        answer = self.post(
            "holder", self.token("holder"), action="add", participant="psych"
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn("bti-access-errors", answer.text)
        self.assertIn("Per PPT", answer.text)
        self.assertEqual(self.local_roles("psych"), set())

    def test_participant_reads_but_may_not_change(self):
        self.assertEqual(self.share("nurse", p.PARTICIPANT).status_code, 204)
        page = self.page("nurse")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("bti-access-remove", page.text)
        self.assertNotIn("bti-access-add", page.text)
        token = self.token("nurse")
        for action, who in (("add", "next"), ("remove", "nurse")):
            answer = self.post("nurse", token, action=action, participant=who)
            self.assertEqual(answer.status_code, 403)
        self.assertEqual(self.local_roles("next"), set())
        self.assertEqual(self.local_roles("nurse"), {p.PARTICIPANT})

    def test_outsiders_and_bad_input(self):
        anonymous = self.page(allow_redirects=False)
        self.assertIn(anonymous.status_code, (302, 401))
        if anonymous.status_code == 302:
            self.assertIn("login", anonymous.headers["Location"])
        self.assertIn(self.page("stranger").status_code, (403, 404))
        self.assertEqual(self.page("mor").status_code, 403)  # not on this log
        token = self.token("holder")
        for form in (
            {},
            {"action": "promote", "participant": "nurse"},
            {"action": "add"},
            {"action": "add", "participant": "nobody-at-all"},
            {"action": "add", "participant": "mor"},  # not a colleague
            {"action": ["add", "remove"], "participant": "nurse"},
            {"action": "add", "participant": ["nurse", "next"]},
        ):
            with self.subTest(form=form):
                self.assertEqual(self.post("holder", token, **form).status_code, 400)
        self.assertEqual(
            self.post(
                "holder", "forged", action="add", participant="nurse"
            ).status_code,
            403,
        )
        self.assertEqual(self.local_roles("nurse"), set())

    def test_sharing_sends_staff_here(self):
        response = requests.get(
            f"{self.url}/@@sharing",
            auth=("holder", "secret-holder"),
            allow_redirects=False,
            timeout=60,
        )
        self.addCleanup(response.close)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith("/@@who-has-access"))
        log_page = self.call("GET", self.url, "holder").text
        self.assertNotIn("@@sharing", log_page)
