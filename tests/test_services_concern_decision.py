"""REST over real HTTP: a concern made with POST /logs, decided with @decision,
then the holder fills in the new log and adds a goal with an activity."""

from bti.portal.content.ids import is_random_id
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import valid_nid

import requests
import transaction
import unittest


HIDDEN = (401, 403, 404)


def auth(user_id: str) -> tuple[str, str]:
    return (user_id, "secret-" + user_id)  # tests.logs_fixture.add_user's password


class TestConcernDecisionService(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # Local password logins (these users) only work in demo mode.
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        for user_id in ("ansatt", "kollega", "leder"):
            add_user(user_id)
        self.unit = add_unit(
            self.portal,
            "Solsida barnehage",
            "kindergarten",
            leaders=["leder"],
            staff=["ansatt", "kollega"],
        )
        transaction.commit()
        self.logs_url = self.portal["logs"].absolute_url()

    def call(self, method, url, user_id, **kwargs):
        kwargs.setdefault("headers", {"Accept": "application/json"})
        return requests.request(method, url, auth=auth(user_id), timeout=30, **kwargs)

    def add_concern(self, user_id="ansatt", **fields):
        data = {
            "@type": "Concern",
            "title": "K.L.",
            "unit": self.unit.UID(),
            "what_noticed": "Trøtt og lei seg flere morgener på rad.",
            "talk_with_child": "Sier hun sover dårlig.",
            **fields,
        }
        response = self.call("POST", self.logs_url, user_id, json=data)
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()

    def decide(self, concern_url, user_id="ansatt", **body):
        return self.call("POST", f"{concern_url}/@decision", user_id, json=body)

    def test_concern_to_log_to_goal_with_activity(self):
        concern = self.add_concern()
        self.assertTrue(is_random_id(concern["id"]))
        self.assertEqual(concern["review_state"], "open")

        response = self.decide(concern["@id"], decision="start_log")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual(answer["review_state"], "decided")
        self.assertEqual(answer["decision"], "start_log")
        log_url = answer["log"]["@id"]
        self.assertEqual(answer["log"]["review_state"], "draft")

        log = self.call("GET", log_url, "ansatt").json()
        self.assertEqual(log["title"], "K.L.")
        self.assertEqual(
            log["initiative_reason"], "Trøtt og lei seg flere morgener på rad."
        )
        response = self.call(
            "PATCH",
            log_url,
            "ansatt",
            json={"full_name": "Kari Lise Testbarn", "national_id": valid_nid()},
        )
        self.assertEqual(response.status_code, 204, response.text)

        response = self.call(
            "POST",
            log_url,
            "ansatt",
            json={"@type": "Goal", "area": "home", "title": "Sove godt"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        goal_url = response.json()["@id"]
        response = self.call(
            "POST",
            goal_url,
            "ansatt",
            json={
                "@type": "Activity",
                "title": "Fast leggetid klokka åtte",
                "responsible": "ansatt",
                "deadline": "2030-01-31",
                "status": "planned",
            },
        )
        self.assertEqual(response.status_code, 201, response.text)
        activity = self.call("GET", response.json()["@id"], "ansatt").json()
        self.assertEqual(activity["responsible"]["token"], "ansatt")

        # A colleague on the same unit sees neither the concern nor the log.
        for url in (concern["@id"], log_url, goal_url):
            self.assertIn(self.call("GET", url, "kollega").status_code, HIDDEN, url)

    def test_unit_leader_may_decide_a_colleague_may_not(self):
        concern = self.add_concern()
        response = self.decide(
            concern["@id"], "kollega", decision="close", reason="Ikke min."
        )
        self.assertIn(response.status_code, HIDDEN)
        response = self.decide(
            concern["@id"], "leder", decision="close", reason="Avklart."
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "decided")

    def test_bad_input_is_a_400_with_a_message(self):
        concern = self.add_concern()
        for body, code in (
            ({"decision": "close"}, "decision_reason_missing"),
            ({"decision": "child_welfare", "reason": "  "}, "decision_reason_missing"),
            ({"decision": "archive"}, "decision_unknown"),
            ({}, "decision_unknown"),
            ({"decision": ["close"]}, "decision_unknown"),
        ):
            response = self.decide(concern["@id"], **body)
            self.assertEqual(response.status_code, 400, body)
            error = response.json()["error"]
            self.assertEqual(error["code"], code)
            self.assertTrue(error["message"])
        response = self.call(
            "POST",
            f"{concern['@id']}/@decision",
            "ansatt",
            data="not json",
            headers={"Accept": "application/json", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "body_not_json")

    def test_watch_then_close_and_no_second_decision(self):
        concern = self.add_concern()
        response = self.decide(concern["@id"], decision="watch")
        self.assertEqual(response.json()["review_state"], "open")
        response = self.decide(
            concern["@id"], decision="child_welfare", reason="Meldt i dag."
        )
        self.assertEqual(response.json()["review_state"], "decided")
        self.assertNotIn("log", response.json())
        response = self.decide(concern["@id"], decision="start_log")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "concern_already_decided")

    def test_concerns_are_not_found_by_others(self):
        self.add_concern()
        search = f"{self.portal.absolute_url()}/@search?portal_type=Concern"
        self.assertEqual(self.call("GET", search, "ansatt").json()["items_total"], 1)
        self.assertEqual(self.call("GET", search, "leder").json()["items_total"], 1)
        self.assertEqual(self.call("GET", search, "kollega").json()["items_total"], 0)
