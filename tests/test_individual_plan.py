"""Level 4: a log at level 3 continues as an individual plan (IP).

The holder names a coordinator; the family's consent for cooperation must cover
the coordinator's service. The log keeps goals, consents and history, its relay
role ends, and it is closed as a relay log with the reason "individual_plan".
"""

from bti.portal.archive import store as archive_store
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import roles
from bti.portal.relaylog.individual_plan import actions
from bti.portal.relaylog.individual_plan.events import IIndividualPlanStarted
from bti.portal.relaylog.statistics import store as statistics_store
from bti.portal.relaylog.workflow.transitions import history
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from lxml import html as lxml_html
from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from tests.test_views_logs import active_log
from tests.test_views_logs import add_consent
from tests.test_views_logs import set_up_people
from zExceptions import Unauthorized
from zope.component import getGlobalSiteManager

import requests
import transaction
import unittest


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def level3_log(portal, school):
    """Level 3 at the school, the nurse (health station) taking part."""
    log = active_log(portal, school)
    roles.set_role(log, "nurse", p.PARTICIPANT)
    with api.env.adopt_user(username="holder"):
        create(log, "Goal", area="home", title="Sove godt")
        api.content.transition(obj=log, transition="to_level3")
    return log


class TestStartPlan(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.school, _health, _ppt = set_up_people(self.portal)
        self.log = level3_log(self.portal, self.school)
        self.events = []
        gsm = getGlobalSiteManager()
        gsm.registerHandler(self.events.append, (IIndividualPlanStarted,))
        self.addCleanup(
            gsm.unregisterHandler, self.events.append, (IIndividualPlanStarted,)
        )

    def start(self, coordinator, user="holder", log=None):
        with api.env.adopt_user(username=user):
            actions.start(log or self.log, coordinator)

    def refused(self, coordinator, user="holder", log=None) -> list:
        with self.assertRaises(actions.PlanRefused) as caught:
            self.start(coordinator, user, log)
        return caught.exception.codes

    def test_level3_continues_as_plan_and_keeps_everything(self):
        items = sorted(self.log.objectIds())
        self.start("coord")
        log = self.log
        self.assertEqual(api.content.get_state(log), "individual_plan")
        self.assertEqual(log.close_reason, "individual_plan")
        self.assertEqual(sorted(log.objectIds()), items)  # goal and both consents
        self.assertEqual(
            {i.portal_type for i in log.objectValues()}, {"Goal", "Consent"}
        )
        actions_done = [entry["action"] for entry in history(log)]
        self.assertEqual(actions_done[:3], ["to_individual_plan", "to_level3", "start"])
        self.assertIn("Cora Koordinator", history(log)[0]["comments"])
        # The relay role ended: the holder takes part, the coordinator runs it.
        self.assertEqual(roles.holders(log), [])
        self.assertEqual(roles.users_with_role(log, p.PARTICIPANT), ["holder", "nurse"])
        self.assertEqual(roles.users_with_role(log, p.PLAN_COORDINATOR), ["coord"])
        with api.env.adopt_user(username="coord"):
            self.assertTrue(api.user.has_permission(p.ADD_LOG_CONTENT, obj=log))
            self.assertTrue(api.user.has_permission(p.CHANGE_LEVEL, obj=log))
            self.assertFalse(api.user.has_permission(p.HAND_OVER, obj=log))
        with api.env.adopt_user(username="holder"):
            self.assertTrue(api.user.has_permission(p.ADD_LOG_CONTENT, obj=log))
            self.assertFalse(api.user.has_permission(p.CHANGE_LEVEL, obj=log))
        (event,) = self.events
        self.assertEqual(
            (event.object, event.coordinator, event.previous_holders, event.level),
            (log, "coord", ("holder",), 3),
        )
        self.assertEqual(event.unit, self.school.UID())
        # The banner on the log, for the family too.
        with api.env.adopt_user(username="mor"):
            roles.set_role(log, "mor", p.GUARDIAN)
            page = log.restrictedTraverse("@@log-view")()
        self.assertIn("bti-plan-banner", page)
        self.assertIn("bti-log-plan-coordinator", page)  # named in the header
        self.assertIn("Cora Koordinator", page)
        self.assertIn("@@individual-plan", page)
        # Starting again is refused.
        self.assertEqual(self.refused("coord", user="coord"), ["wrong_state"])

    def page(self, **form):
        """@@individual-plan POSTed by the holder with a valid token."""
        request = self.layer["request"]
        request.method = "POST"
        request.form.clear()
        with api.env.adopt_user(username="holder"):
            request.form.update({"_authenticator": createToken(), **form})
            return self.log.restrictedTraverse("@@individual-plan")()

    def test_page_asks_to_confirm_and_the_first_post_changes_nothing(self):
        typed = {"coordinator": "coord", "comment": "Planmøte i mars"}
        html = self.page(**typed, **{"form.buttons.review": "1"})
        self.assertEqual(api.content.get_state(self.log), "level3")
        self.assertEqual(roles.holders(self.log), ["holder"])
        self.assertEqual(roles.users_with_role(self.log, p.PLAN_COORDINATOR), [])
        self.assertEqual(self.events, [])
        confirm = lxml_html.fromstring(html).find_class("bti-plan-confirm")[0]
        text = " ".join(confirm.text_content().split())
        self.assertIn("Cora Koordinator blir koordinator for planen", text)
        self.assertIn("Rollen din som stafettholder tar slutt", text)
        self.assertIn("Planmøte i mars", text)
        self.assertIn("samtykke til samarbeid er på plass", text)
        self.assertTrue(confirm.find_class("bti-plan-confirm-start"))
        self.assertNotIn("bti-plan-form", html)
        # "Avbryt" goes back to the form with what was typed.
        html = self.page(**typed, **{"form.buttons.back": "1"})
        form = lxml_html.fromstring(html).find_class("bti-plan-form")[0]
        self.assertEqual(form.xpath(".//option[@selected]/@value"), ["coord"])
        self.assertEqual(form.xpath(".//textarea")[0].text, "Planmøte i mars")
        self.assertEqual(api.content.get_state(self.log), "level3")
        # Consent missing for the coordinator's service: said, no start button.
        html = self.page(coordinator="psych", **{"form.buttons.review": "1"})
        confirm = lxml_html.fromstring(html).find_class("bti-plan-confirm")[0]
        self.assertTrue(confirm.find_class("bti-plan-confirm-consent"))
        self.assertFalse(confirm.find_class("bti-plan-confirm-start"))
        # The confirm POST starts it.
        self.page(**typed, **{"form.buttons.start": "1"})
        self.assertEqual(api.content.get_state(self.log), "individual_plan")
        self.assertIn("Planmøte i mars", history(self.log)[0]["comments"])

    def test_a_coordinator_on_another_unit_is_found_by_name_and_kept(self):
        html = self.page()  # a POST without a button: the form
        offered = lxml_html.fromstring(html).xpath(
            "//select[@name='coordinator']//option/@value"
        )
        self.assertEqual(offered, ["", "coord", "boss", "next"])  # no other unit
        self.assertIn("2 kolleger på andre enheter", html)
        typed = {"coordinator": "psych", "who": "per"}
        self.page(**typed, **{"form.buttons.review": "1"})
        html = self.page(**typed, **{"form.buttons.back": "1"})
        form = lxml_html.fromstring(html).find_class("bti-plan-form")[0]
        self.assertEqual(form.xpath(".//option[@selected]/@value"), ["psych"])
        self.assertEqual(form.xpath(".//input[@name='who']/@value"), ["per"])
        # The search is part of the form: what was typed stays.
        html = self.page(who="nora", comment="Til PPT", **{"form.buttons.search": "1"})
        form = lxml_html.fromstring(html).find_class("bti-plan-form")[0]
        self.assertEqual(form.xpath(".//input[@name='who']/@value"), ["nora"])
        self.assertEqual(form.xpath(".//textarea")[0].text, "Til PPT")
        self.assertIn("nurse", form.xpath(".//option/@value"))
        self.assertEqual(api.content.get_state(self.log), "level3")

    def test_refused_below_level_3(self):
        log = active_log(self.portal, self.school)  # level 1
        self.assertEqual(self.refused("coord", log=log), ["wrong_state"])
        self.assertEqual(api.content.get_state(log), "level1")
        self.assertEqual(roles.users_with_role(log, p.PLAN_COORDINATOR), [])

    def test_refused_without_consent_then_started_after_consent(self):
        # Per PPT: the family has not agreed to cooperation with PPT.
        self.assertEqual(self.refused("psych"), ["plan_service_not_covered"])
        self.assertEqual(api.content.get_state(self.log), "level3")
        self.assertEqual(roles.holders(self.log), ["holder"])
        self.assertEqual(self.refused("mor"), ["plan_coordinator_unknown"])
        self.assertEqual(self.refused("nobody"), ["plan_coordinator_unknown"])
        self.assertEqual(self.events, [])
        add_consent(self.log, "cooperation", services=("health_station", "ppt"))
        self.start("psych")
        self.assertEqual(api.content.get_state(self.log), "individual_plan")

    def test_only_the_holder_starts_it(self):
        roles.set_role(self.log, "mor", p.GUARDIAN)
        for user in ("mor", "nurse", "stranger", "boss"):
            self.assertEqual(self.refused("coord", user=user), ["plan_not_allowed"])
        logout()
        with self.assertRaises(Unauthorized):
            actions.start(self.log, "coord")
        self.assertEqual(api.content.get_state(self.log), "level3")


class TestPlanService(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        self.log = level3_log(self.portal, school)
        roles.set_role(self.log, "mor", p.GUARDIAN)
        self.level1 = active_log(self.portal, school)
        self.url = f"{self.log.absolute_url()}/@individual-plan"
        transaction.commit()

    def call(self, method, user, url=None, **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.request(
            method, url or self.url, auth=auth, headers=JSON, timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def test_rest_finds_coordinators_on_other_units_by_name(self):
        answer = self.call("GET", "holder").json()
        self.assertEqual(
            [c["id"] for c in answer["candidates"]], ["coord", "boss", "next"]
        )
        self.assertEqual(answer["candidates_others_total"], 2)  # nurse, psych
        found = self.call("GET", "holder", params={"who": "PPT"}).json()
        self.assertEqual(found["candidates"][-1]["id"], "psych")
        self.assertEqual(
            (found["candidates_others_total"], found["candidates_query"]), (1, "PPT")
        )
        bad = self.call("GET", "holder", params={"who": "x" * 101})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json()["error"]["code"], "colleague_query_invalid")
        self.assertNotIn("candidates", self.call("GET", "mor").json())

    def test_refusals_then_start(self):
        for body in ({"coordinator": 3}, {}, {"coordinator": "nobody"}):
            response = self.call("POST", "holder", json=body)
            self.assertEqual(response.status_code, 400, (body, response.text))
            self.assertTrue(response.json()["message"])
        response = self.call("POST", "holder", data="[not json")
        self.assertEqual(response.status_code, 400, response.text)
        response = self.call("POST", "holder", json={"coordinator": "psych"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["code"], "plan_service_not_covered")
        # The comment goes into the history: at most 1,000 characters.
        body = {"coordinator": "coord", "comment": "x" * 1001}
        response = self.call("POST", "holder", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["code"], "plan_comment_too_long")
        level1 = f"{self.level1.absolute_url()}/@individual-plan"
        response = self.call(
            "POST", "holder", url=level1, json={"coordinator": "coord"}
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["code"], "wrong_state")
        for user in (None, "mor", "stranger", "nurse"):
            response = self.call("POST", user, json={"coordinator": "coord"})
            self.assertIn(response.status_code, (401, 403, 404), (user, response.text))
        for user in (None, "stranger"):
            response = self.call("GET", user)
            self.assertIn(response.status_code, (401, 403, 404), (user, response.text))
        # The page's steps: outsiders 401/403/404, a forged token 403,
        # a malformed form 400; nothing changes.
        page = f"{self.log.absolute_url()}/@@individual-plan"
        for user, form in (
            (None, {"form.buttons.review": "1", "coordinator": "coord"}),
            ("stranger", {"form.buttons.start": "1", "coordinator": "coord"}),
            ("nurse", {"form.buttons.start": "1", "coordinator": "coord"}),
            ("holder", {"form.buttons.start": "1", "coordinator": "coord"}),
            ("holder", {"form.buttons.review": "1", "coordinator": ["a", "b"]}),
        ):
            auth = (user, f"secret-{user}") if user else None
            response = requests.post(
                page,
                data={"_authenticator": "forged", **form},
                auth=auth,
                allow_redirects=False,
                timeout=60,
            )
            self.addCleanup(response.close)
            expected = (
                (400,) if isinstance(form["coordinator"], list) else (401, 403, 404)
            )
            # Plone sends those without the right to the login form (anonymous)
            # or its "insufficient privileges" page.
            if user in (None, "stranger") and response.status_code == 302:
                self.assertIn("login", response.headers["Location"])
                continue
            self.assertIn(response.status_code, expected, (user, form))
        transaction.begin()
        self.assertEqual(api.content.get_state(self.log), "level3")
        answer = self.call("GET", "holder").json()
        self.assertTrue(answer["may_start"])
        self.assertEqual(answer["candidates"][0]["id"], "coord")  # the site's own
        # Not the holder: their relay role ends with the plan.
        self.assertNotIn("holder", [c["id"] for c in answer["candidates"]])
        self.assertFalse(answer["candidates"][0]["absent"])
        self.assertEqual(self.call("GET", "mor").json()["may_start"], False)

        response = self.call("POST", "holder", json={"coordinator": "coord"})
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual(answer["state"], "individual_plan")
        self.assertEqual(answer["coordinators"][0]["id"], "coord")
        self.assertEqual(answer["started"]["by"]["id"], "holder")
        seen = self.call("GET", "coord", url=self.log.absolute_url())
        self.assertEqual(seen.status_code, 200, seen.text)
        self.assertEqual(len(seen.json()["items"]), 3)  # goal, two consents
        # Counted in the statistics, and the relay log's archive copy made.
        transaction.begin()
        counted = [
            (key[2], key[3], key[4], count)
            for key, count in statistics_store.items(self.portal)
            if key[3] == "individual_plan"
        ]
        self.assertEqual(counted, [(3, "individual_plan", "", 1)])
        events = [copy["event"] for copy in archive_store.copies(self.log.UID())]
        self.assertEqual(events, ["closed"])
