"""Withdrawing consent: create consents get a withdrawal date, the log goes passive."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog.consent import signing
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.i18n.utility import LanguageBinding
from plone.registry.interfaces import IRegistry
from tests.family_fixture import active_log
from tests.family_fixture import add_consent
from tests.family_fixture import password_of
from tests.family_fixture import unit_with_holder
from tests.logs_fixture import add_log
from tests.logs_fixture import add_user
from tests.logs_fixture import give
from zExceptions import Unauthorized
from zope.component import getUtility
from zope.component.hooks import setSite

import re
import requests
import transaction
import unittest


NOT_IN_USE = {
    "nb": "Ikke i bruk: familien har trukket samtykket til loggen.",
    "nn": "Ikkje i bruk: familien har trekt tilbake samtykket til loggen.",
    "en": "Not in use: the family withdrew the consent to keep the log.",
    "ar": "غير مستخدمة: سحبت العائلة الموافقة على السجلّ.",
    "uk": "Не діє: сім'я відкликала згоду на ведення журналу.",
}


def scene(portal) -> dict:
    unit = unit_with_holder(portal)
    for user_id in ("guardian", "young", "helper"):
        add_user(user_id, staff=user_id == "helper")
    log = active_log(portal, unit, "holder", guardians=("guardian", "Far"))
    give(log, "guardian", p.GUARDIAN)
    give(log, "young", p.YOUTH)
    give(log, "helper", p.PARTICIPANT)
    cooperation = add_consent(
        log,
        "holder",
        kind="cooperation",
        services=["school"],
        signed=date.today(),
        signed_by=["guardian", "Far"],
    )
    return {"unit": unit, "log": log, "cooperation": cooperation}


def create_consents(log):
    return [
        c
        for c in log.objectValues()
        if c.portal_type == "Consent" and c.kind == "create"
    ]


class TestWithdraw(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.scene = scene(self.portal)
        self.log = self.scene["log"]

    def test_guardian_withdraws_and_the_log_goes_passive(self):
        with api.env.adopt_user(username="guardian"):
            withdrawn = signing.withdraw(self.log, "guardian", "idporten-loa-high")
        self.assertEqual(api.content.get_state(self.log), "passive")
        self.assertEqual(withdrawn, create_consents(self.log))
        for consent in withdrawn:
            self.assertEqual(consent.withdrawn, date.today())
            (record,) = signing.withdrawals(consent)
            self.assertEqual(record["user_id"], "guardian")
            self.assertEqual(record["acr"], "idporten-loa-high")
        # Only consent to create the log is withdrawn here.
        self.assertIsNone(self.scene["cooperation"].withdrawn)

    def test_the_other_consents_no_longer_read_as_valid(self):
        with api.env.adopt_user(username="guardian"):
            signing.withdraw(self.log, "guardian", "idporten-loa-high")
        request = self.layer["request"]
        self.addCleanup(request.set, "LANGUAGE_TOOL", request.get("LANGUAGE_TOOL"))
        self.addCleanup(request.set, "LANGUAGE", "nb")
        for language, text in NOT_IN_USE.items():
            with self.subTest(language):
                binding = LanguageBinding()
                binding.LANGUAGE = binding.DEFAULT_LANGUAGE = language
                request["LANGUAGE_TOOL"] = binding
                request["LANGUAGE"] = language
                view = self.log.restrictedTraverse("@@log-view")
                view.today = date.today()  # as the page's __call__ sets it
                shown = {row["url"]: row for row in view.consents()}
                row = shown[self.scene["cooperation"].absolute_url()]
                self.assertEqual(row["status"], "not_in_use")
                self.assertEqual(row["status_text"], text)
                self.assertEqual((row["ends"], row["flags"]), ("", []))
                statuses = sorted(row["status"] for row in shown.values())
                self.assertEqual(statuses, ["not_in_use", "withdrawn"])

    def test_young_person_and_holder_may_withdraw(self):
        for user_id in ("young", "holder"):
            with self.subTest(user_id):
                self.assertTrue(
                    api.user.has_permission(
                        p.WITHDRAW_CONSENT, username=user_id, obj=self.log
                    )
                )
        with api.env.adopt_user(username="holder"):
            signing.withdraw(self.log, "holder", "idporten-loa-high")
        self.assertEqual(api.content.get_state(self.log), "passive")

    def test_participant_may_not(self):
        self.assertFalse(
            api.user.has_permission(p.WITHDRAW_CONSENT, username="helper", obj=self.log)
        )
        with api.env.adopt_user(username="helper"), self.assertRaises(Unauthorized):
            self.log.restrictedTraverse("@@withdraw-consent")

    def test_not_on_a_draft_log(self):
        draft = add_log(self.portal, self.scene["unit"], "holder")
        consent = add_consent(
            draft, "holder", signed=date.today(), signed_by=["mor", "far"]
        )
        with self.assertRaises(signing.SigningError) as caught:
            signing.withdraw(draft, "holder", "idporten-loa-high")
        self.assertEqual(caught.exception.code, "withdraw_not_active")
        self.assertIsNone(consent.withdrawn)

    def test_passive_log_is_read_only_for_the_family(self):
        with api.env.adopt_user(username="guardian"):
            signing.withdraw(self.log, "guardian", "idporten-loa-high")
        for permission in (p.ADD_MESSAGE, p.WITHDRAW_CONSENT):
            self.assertFalse(
                api.user.has_permission(permission, username="guardian", obj=self.log)
            )
        self.assertTrue(
            api.user.has_permission("View", username="guardian", obj=self.log)
        )


class TestWithdrawOverHTTP(unittest.TestCase):
    """The form and REST in demo mode (local passwords, acr "demo")."""

    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.registry = getUtility(IRegistry)
        self.registry["bti.portal.oidc.demo_mode"] = True
        self.scene = scene(self.portal)
        self.log = self.scene["log"]
        self.url = self.log.absolute_url()
        transaction.commit()

    def session(self, user_id: str) -> requests.Session:
        http = requests.Session()
        http.auth = (user_id, password_of(user_id))
        return http

    def state(self) -> str:
        transaction.begin()
        return api.content.get_state(self.log)

    def test_form_withdraws_with_csrf_token(self):
        http = self.session("guardian")
        page = http.get(f"{self.url}/@@withdraw-consent")
        self.assertEqual(page.status_code, 200)
        self.assertIn("bti-withdraw-form", page.text)
        refused = http.post(f"{self.url}/@@withdraw-consent", data={"confirm": "1"})
        self.assertEqual(refused.status_code, 403)  # no CSRF token
        self.assertEqual(self.state(), "level1")
        token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(
            1
        )
        done = http.post(
            f"{self.url}/@@withdraw-consent",
            data={"confirm": "1", "_authenticator": token},
            allow_redirects=False,
        )
        self.assertEqual(done.status_code, 302, done.text[:500])
        self.assertEqual(self.state(), "passive")
        (record,) = signing.withdrawals(create_consents(self.log)[0])
        self.assertEqual(record["acr"], "demo")

    def test_rest_young_person_withdraws(self):
        response = self.session("young").post(
            f"{self.url}/@withdraw-consent", headers={"Accept": "application/json"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "passive")
        self.assertEqual(self.state(), "passive")

    def test_rest_participant_is_refused(self):
        response = self.session("helper").post(
            f"{self.url}/@withdraw-consent", headers={"Accept": "application/json"}
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        self.assertEqual(self.state(), "level1")

    def test_rest_needs_high_assurance_outside_demo_mode(self):
        self.registry["bti.portal.oidc.demo_mode"] = False
        transaction.commit()
        # The Zope root's administrator still logs in with a password, but that
        # session is not high assurance.
        http = requests.Session()
        http.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        response = http.post(
            f"{self.url}/@withdraw-consent", headers={"Accept": "application/json"}
        )
        self.assertEqual(response.status_code, 401, response.text)
        self.assertIn("acr_values=idporten-loa-high", response.json()["login_url"])
        self.assertEqual(self.state(), "level1")

    def test_rest_on_a_passive_log_nobody_may_withdraw(self):
        self.session("guardian").post(
            f"{self.url}/@withdraw-consent", headers={"Accept": "application/json"}
        )
        again = self.session("holder").post(
            f"{self.url}/@withdraw-consent", headers={"Accept": "application/json"}
        )
        self.assertEqual(
            again.status_code, 401, again.text
        )  # no permission when passive

    def test_rest_on_a_draft_log_explains(self):
        draft = add_log(self.portal, self.scene["unit"], "holder")
        transaction.commit()
        response = self.session("holder").post(
            f"{draft.absolute_url()}/@withdraw-consent",
            headers={"Accept": "application/json"},
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["code"], "withdraw_not_active")
        self.assertTrue(response.json()["message"])
