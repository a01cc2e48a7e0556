"""GET @audit on a log (who has read it) and on a unit (its leaders), and REST
requests to a log are audited like HTML ones."""

from bti.portal.domain import audit
from tests.test_audit_views import AuditFunctionalTestCase
from tests.test_audit_views import PASSWORD
from tests.test_audit_views import path_of

import requests


JSON = {"Accept": "application/json"}


class TestLogAuditEndpoint(AuditFunctionalTestCase):
    def call(
        self, method: str, url: str, user: str | None, **options
    ) -> requests.Response:
        auth = (user, PASSWORD) if user else None
        response = requests.request(
            method,
            url,
            auth=auth,
            headers=JSON,
            timeout=60,
            allow_redirects=False,
            **options,
        )
        self.addCleanup(response.close)
        return response

    def test_guardian_reads_who_has_read_the_log(self):
        self.get(self.log.absolute_url(), "holder")
        response = self.call("GET", f"{self.log.absolute_url()}/@audit", "guardian")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["@id"], f"{self.log.absolute_url()}/@audit")
        self.assertEqual(data["items_total"], 1)
        [item] = data["items"]
        self.assertEqual(item["user_id"], "holder")
        self.assertEqual(item["fullname"], "Hanne Holder")
        self.assertEqual(item["log_uid"], self.uid)
        self.assertEqual(item["action"], "view")
        self.assertEqual((item["method"], item["status"]), ("GET", 200))
        self.assertEqual(item["path"], path_of(self.log))
        self.assertRegex(item["time"], r"Z$")
        # The endpoint call itself was recorded after it answered.
        self.assertEqual(self.records()[-1].action, "rest_get")
        self.assertEqual(self.records()[-1].path, f"{path_of(self.log)}/@audit")

    def test_newest_first_in_batches(self):
        for _number in range(3):
            self.get(self.log.absolute_url(), "holder")
        response = self.call(
            "GET", f"{self.log.absolute_url()}/@audit?b_size=2", "guardian"
        )
        data = response.json()
        self.assertEqual(data["items_total"], 3)
        self.assertEqual([item["seq"] for item in data["items"]], [3, 2])
        self.assertIn("next", data["batching"])

    def test_unrelated_user_and_anonymous_are_refused(self):
        for user in ("stranger", None):
            response = self.call("GET", f"{self.log.absolute_url()}/@audit", user)
            self.assertEqual(response.status_code, 401, user)
        self.assertEqual(
            [(r.user_id, r.action) for r in self.records()],
            [("stranger", "denied"), (audit.ANONYMOUS, "denied")],
        )

    def test_rest_reads_and_writes_of_the_log_are_recorded(self):
        url = self.log.absolute_url()
        self.assertEqual(self.call("GET", url, "holder").status_code, 200)
        patched = self.call("PATCH", url, "holder", json={"strengths": "Tegner godt"})
        self.assertEqual(patched.status_code, 204, patched.text)
        refused = self.call("PATCH", url, "guardian", json={"strengths": "x"})
        self.assertEqual(refused.status_code, 401)
        self.assertEqual(
            [(r.user_id, r.action, r.method, r.status) for r in self.records()],
            [
                ("holder", "rest_get", "GET", 200),
                ("holder", "rest_patch", "PATCH", 204),
                ("guardian", "denied", "PATCH", 401),
            ],
        )
        self.assertEqual(audit.verify(self.store.all()), [])


class TestUnitAuditEndpoint(AuditFunctionalTestCase):
    def call(self, user: str | None) -> requests.Response:
        auth = (user, PASSWORD) if user else None
        response = requests.get(
            f"{self.scene['unit'].absolute_url()}/@audit",
            auth=auth,
            headers=JSON,
            timeout=60,
        )
        self.addCleanup(response.close)
        return response

    def test_leader_reads_the_audit_of_the_units_logs(self):
        self.get(self.log.absolute_url(), "guardian")
        response = self.call("leader")
        self.assertEqual(response.status_code, 200, response.text)
        [item] = response.json()["items"]
        self.assertEqual((item["user_id"], item["log_uid"]), ("guardian", self.uid))
        self.assertEqual(item["log_url"], self.log.absolute_url())

    def test_others_are_refused(self):
        for user in ("holder", "guardian", "stranger", None):
            self.assertEqual(self.call(user).status_code, 401, user)
