"""REST @handover on a log: offer → accept by the colleague → roles changed;
decline; withdraw; the wrong user is refused."""

from bti.portal.domain import permissions as p
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import requests
import transaction
import unittest


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


class TestHandoverEndpoint(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school)
        self.url = f"{self.log.absolute_url()}/@handover"
        transaction.commit()

    def call(self, method, user, url=None, **options):
        auth = (user, f"secret-{user}") if user else None
        response = requests.request(
            method, url or self.url, auth=auth, headers=JSON, timeout=60, **options
        )
        self.addCleanup(response.close)
        return response

    def post(self, user, **data):
        return self.call("POST", user, json=data)

    def roles_of(self, user_id):
        self.log._p_jar.sync()
        return set(self.log.get_local_roles_for_userid(user_id))

    def test_offer_then_accept(self):
        response = self.post("holder", action="offer", to="next")
        self.assertEqual(response.status_code, 200, response.text)
        offer = response.json()["offer"]
        self.assertEqual(offer["to"], {"id": "next", "fullname": "Nils Neste"})
        self.assertEqual(offer["by"]["id"], "holder")
        self.assertTrue(offer["keep_previous"])
        # Until accepted, the holder holds and the colleague cannot read the log:
        # RelayOffered lets them answer the offer, nothing else.
        self.assertEqual(self.roles_of("holder"), {p.RELAY_HOLDER})
        self.assertEqual(self.roles_of("next"), {p.RELAY_OFFERED})
        self.assertEqual(
            self.call("GET", "next", url=self.log.absolute_url()).status_code, 401
        )
        # The colleague sees the offer: initials and unit, nothing of the content.
        seen = self.call("GET", "next")
        self.assertEqual(seen.status_code, 200, seen.text)
        self.assertEqual(seen.json()["initials"], "K.N.")
        self.assertEqual(seen.json()["unit"]["title"], "Solsida skole")
        self.assertNotIn("holders", seen.json())
        self.assertNotIn("full_name", seen.text)
        response = self.post("next", action="accept")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["previous_holders"], ["holder"])
        self.assertEqual(self.roles_of("next"), {p.RELAY_HOLDER})
        self.assertEqual(self.roles_of("holder"), {p.PARTICIPANT})
        self.assertEqual(
            self.call("GET", "next", url=self.log.absolute_url()).status_code, 200
        )
        self.assertIsNone(self.call("GET", "next").json()["offer"])

    def test_previous_holder_may_leave(self):
        self.post("holder", action="offer", to="next", keep_previous=False)
        self.post("next", action="accept")
        self.assertEqual(self.roles_of("holder"), set())
        self.assertEqual(
            self.call("GET", "holder", url=self.log.absolute_url()).status_code, 401
        )

    def test_decline(self):
        self.post("holder", action="offer", to="next")
        response = self.post("next", action="decline")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.roles_of("next"), set())
        self.assertEqual(self.roles_of("holder"), {p.RELAY_HOLDER})
        self.assertIsNone(self.call("GET", "holder").json()["offer"])
        # Nothing left to accept: the colleague's role went with the offer.
        self.assertEqual(self.post("next", action="accept").status_code, 401)

    def test_wrong_user_is_refused(self):
        self.post("holder", action="offer", to="next")
        # No role on the log: refused before the service runs.
        for user in ("stranger", "nurse"):
            self.assertEqual(self.post(user, action="accept").status_code, 401)
            self.assertEqual(self.call("GET", user).status_code, 401)
        self.assertEqual(self.post(None, action="accept").status_code, 401)
        self.assertEqual(self.roles_of("stranger"), set())
        self.assertEqual(self.roles_of("holder"), {p.RELAY_HOLDER})
        # Only the holder or the unit leader offers.
        self.assertEqual(self.post("next", action="offer", to="next").status_code, 403)

    def test_a_new_offer_or_a_withdrawal_takes_the_role_back(self):
        self.post("holder", action="offer", to="next")
        self.post("holder", action="offer", to="nurse")
        self.assertEqual(self.roles_of("next"), set())
        self.assertEqual(self.call("GET", "next").status_code, 401)
        self.assertIn(p.RELAY_OFFERED, self.roles_of("nurse"))
        self.assertEqual(self.post("holder", action="withdraw").status_code, 200)
        self.assertNotIn(p.RELAY_OFFERED, self.roles_of("nurse"))

    def test_unit_leader_offers_for_an_absent_holder(self):
        response = self.post("boss", action="offer", to="next")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            response.json()["holders"], [{"id": "holder", "fullname": "Hanne Holder"}]
        )
        response = self.post("boss", action="withdraw")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIsNone(response.json()["offer"])

    def test_bad_requests(self):
        cases = (
            ({"action": "offer", "to": "holder"}, "holder"),  # to oneself
            ({"action": "offer", "to": "mor"}, "holder"),  # not on a unit
            ({"action": "offer"}, "holder"),  # nobody chosen
            ({"action": "give"}, "holder"),
            ({"action": "offer", "to": "next", "keep_previous": "no"}, "holder"),
            ({"action": "withdraw"}, "holder"),  # no offer
        )
        for data, user in cases:
            response = self.post(user, **data)
            self.assertEqual(response.status_code, 400, (data, response.text))
            self.assertTrue(response.json()["message"], data)
        self.assertEqual(self.roles_of("holder"), {p.RELAY_HOLDER})
