"""Signing a consent at high assurance (BankID), against a real OpenID provider.

The signature keeps who signed (user id and keyed pid hash), when, the login's
acr and the exact text version; two guardians signing are both kept. Other
sessions are sent to the login with acr_values; people without a family role
on the log are refused. REST: GET/POST <consent>/@sign-consent.
"""

from bti.portal.domain import permissions as p
from bti.portal.oidc.settings import pid_hash
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.consent import texts as consent_texts
from bti.portal.relaylog.facts import consent_problems
from bti.portal.relaylog.facts import to_domain_consent
from bti.portal.relaylog.family import members as family
from bti.portal.testing import use_temp_audit_dir
from bti.portal.testing.oidc import FAMILY_PEOPLE
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from datetime import date
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from tests.family_fixture import add_consent
from tests.family_fixture import password_of
from tests.family_fixture import unit_with_holder
from tests.logs_fixture import add_log
from tests.logs_fixture import add_user
from tests.logs_fixture import give
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from zope.component import getUtility
from zope.component.hooks import setSite

import hashlib
import json
import re
import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
PIDS = {name: pid for name, (pid, _given, _family) in FAMILY_PEOPLE.items()}
HIGH = "idporten-loa-high"
SUBSTANTIAL = "idporten-loa-substantial"
VERSION = consent_texts.CURRENT["create"]
# A published text never changes; a change needs a new version (and a new hash here).
TEXT_HASHES = {
    "create-2026-11": (
        "08bd1c3133a0507391fa7119034ddd9d39b6b0d75e6ed632d941d2fbb16099b4"
    ),
    "cooperation-2026-11": (
        "f0a55afe5d77877eca52278c6d8faf6a6442ad0046c93aae9f1b32ba796d85ac"
    ),
    "access-2026-11": (
        "5ba9e94d417ad0f85d0b3a77a8415641cd3d2041de0920656da6eed405d7f51e"
    ),
}


def token_in(page: str) -> str:
    return re.search(r'name="_authenticator"\s+value="([^"]+)"', page).group(1)


class TestConsentTexts(unittest.TestCase):
    def test_every_kind_has_a_current_text_in_nb_nn_en(self):
        for kind in ("create", "cooperation", "access"):
            text = consent_texts.current(kind)
            self.assertEqual(text.kind, kind)
            self.assertTrue(text.version.startswith(f"{kind}-"))
            for language in consent_texts.LANGUAGES:
                self.assertGreaterEqual(len(text.in_language(language)), 3, language)

    def test_published_versions_never_change(self):
        for version, text in consent_texts.TEXTS.items():
            digest = hashlib.sha256(
                json.dumps(text.paragraphs, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()
            self.assertEqual(digest, TEXT_HASHES[version], version)

    def test_language_of(self):
        self.assertEqual(consent_texts.language_of("nn-NO"), "nn")
        self.assertEqual(consent_texts.language_of("no"), "nb")
        self.assertEqual(consent_texts.language_of("en-GB"), "en")
        self.assertEqual(consent_texts.language_of("de"), "nb")
        self.assertEqual(consent_texts.language_of(None), "nb")


class SigningTestCase(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.registry = getUtility(IRegistry)
        unit = unit_with_holder(self.portal)
        # A draft log: the family signs the consent to create it.
        self.log = add_log(
            self.portal,
            unit,
            "holder",
            guardians=["Mor", "Far"],
            national_id=PIDS["kari"],
        )
        for name, role, label in (
            ("mor", p.GUARDIAN, "Mor"),
            ("far", p.GUARDIAN, "Far"),
            ("kari", p.YOUTH, ""),
        ):
            family.add_member(self.log, PIDS[name], role, added_by="holder", name=label)
        self.consent = add_consent(self.log, "holder")
        self.url = f"{self.consent.absolute_url()}/@@sign-consent"
        self.rest = f"{self.consent.absolute_url()}/@sign-consent"
        transaction.commit()

    def login(self, username: str, method: str = "bankid") -> ProviderBrowser:
        browser = ProviderBrowser(self.layer)
        response = browser.login(username, method)
        self.assertIsNone(refusal_reason(response), response.headers.get("Location"))
        return browser

    def sign(self, browser: ProviderBrowser) -> requests.Response:
        page = browser.http.get(self.url)
        self.assertEqual(page.status_code, 200, page.text[:300])
        return browser.http.post(
            self.url,
            data={"_authenticator": token_in(page.text), "text_version": VERSION},
            allow_redirects=False,
        )

    def userid(self, username: str) -> str:
        transaction.begin()
        (userid,) = self.portal.acl_users.oidc.userids_for_pid(PIDS[username])
        return userid

    def fresh(self):
        transaction.begin()
        return self.consent


class TestSignAtHighAssurance(SigningTestCase):
    def test_guardian_starts_at_the_page_logs_in_with_bankid_and_signs(self):
        browser = ProviderBrowser(self.layer)
        first = browser.http.get(self.url, allow_redirects=False)
        self.assertEqual(first.status_code, 302)
        # Anonymous holds no "Sign consent": Plone's challenge, then the login,
        # which asks the provider for the site's accepted (high) acr values.
        challenge = first.headers["Location"]
        self.assertTrue(
            challenge.startswith(f"{browser.plugin_url}/require_login?"), challenge
        )
        login = browser.http.get(challenge, allow_redirects=False).headers["Location"]
        query = parse_qs(urlsplit(login).query)
        self.assertTrue(login.startswith(f"{browser.plugin_url}/login?"), login)
        self.assertEqual(query["came_from"], [self.url])
        auth_url = browser.http.get(login, allow_redirects=False).headers["Location"]
        self.assertEqual(parse_qs(urlsplit(auth_url).query)["acr_values"], [HIGH])
        back = browser.callback(browser.authorize(auth_url, "mor"))
        self.assertEqual(back.headers["Location"], self.url)

        page = browser.http.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(consent_texts.current("create").in_language("nb")[0], page.text)
        self.assertIn(VERSION, page.text)
        self.assertNotIn("bti-sign-demo", page.text)
        done = browser.http.post(
            self.url,
            data={"_authenticator": token_in(page.text), "text_version": VERSION},
            allow_redirects=False,
        )
        self.assertEqual(done.status_code, 302, done.text[:500])
        self.assertIn("bti-signed-by-me", browser.http.get(self.url).text)

        mor = self.userid("mor")
        consent = self.fresh()
        self.assertEqual(consent.signed_by, [mor])
        self.assertEqual(
            self.log.guardians, [mor, "Far"]
        )  # the login took the name's place
        self.assertEqual(consent.signed, date.today())
        self.assertEqual(consent.signed_acr, HIGH)
        self.assertEqual(consent.signer_ref, pid_hash(PIDS["mor"]))
        self.assertEqual(consent.text_version, VERSION)
        (record,) = signing.signatures(consent)
        self.assertEqual(
            {
                k: record[k]
                for k in ("user_id", "role", "acr", "text_version", "pid_hash")
            },
            {
                "user_id": mor,
                "role": p.GUARDIAN,
                "acr": HIGH,
                "text_version": VERSION,
                "pid_hash": pid_hash(PIDS["mor"]),
            },
        )
        self.assertTrue(record["at"].endswith("+00:00"))
        self.assertNotIn(PIDS["mor"], repr(signing.signatures(consent)))

    def test_the_family_sees_nothing_else_of_a_draft_log(self):
        browser = self.login("mor")
        self.assertEqual(browser.http.get(self.url).status_code, 200)
        log_page = browser.http.get(self.log.absolute_url(), allow_redirects=False)
        self.assertNotEqual(log_page.status_code, 200)

    def test_both_guardians_are_kept_and_the_log_can_start(self):
        for name in ("mor", "far"):
            self.assertEqual(self.sign(self.login(name)).status_code, 302)
        mor, far = self.userid("mor"), self.userid("far")
        consent = self.fresh()
        self.assertEqual(consent.signed_by, [mor, far])
        self.assertEqual(self.log.guardians, [mor, far])
        self.assertEqual(
            [r["user_id"] for r in signing.signatures(consent)], [mor, far]
        )
        self.assertEqual(
            [r["pid_hash"] for r in signing.signatures(consent)],
            [pid_hash(PIDS["mor"]), pid_hash(PIDS["far"])],
        )
        self.assertEqual(consent.signer_ref, pid_hash(PIDS["far"]))
        self.assertEqual(consent_problems(self.log, to_domain_consent(consent)), [])
        self.assertEqual(self.log.transition_problems("start"), [])

    def test_the_young_person_signs_for_themselves(self):
        self.assertEqual(self.sign(self.login("kari")).status_code, 302)
        consent = self.fresh()
        self.assertTrue(consent.youth_signed)
        self.assertEqual(consent.signed_by, [])
        (record,) = signing.signatures(consent)
        self.assertEqual(record["role"], p.YOUTH)
        # Kari is 17, over the consent age 16: her consent alone is enough.
        self.assertEqual(consent_problems(self.log, to_domain_consent(consent)), [])

    def test_signing_twice_is_refused(self):
        browser = self.login("mor")
        token = token_in(browser.http.get(self.url).text)
        self.sign(browser)
        page = browser.http.get(self.url).text
        self.assertNotIn("bti-sign-form", page)  # no form: the page says signed already
        again = browser.http.post(
            self.url, data={"_authenticator": token, "text_version": VERSION}
        )
        self.assertEqual(again.status_code, 400)
        self.assertEqual(len(signing.signatures(self.fresh())), 1)


class TestSigningIsRefused(SigningTestCase):
    def test_substantial_login_is_refused_at_the_provider_callback(self):
        browser = ProviderBrowser(self.layer)
        login = browser.http.get(self.url, allow_redirects=False).headers["Location"]
        auth_url = browser.http.get(login, allow_redirects=False).headers["Location"]
        response = browser.callback(browser.authorize(auth_url, "mor", method="minid"))
        self.assertEqual(refusal_reason(response), "acr")
        self.assertEqual(
            browser.http.get(self.url, allow_redirects=False).status_code, 302
        )
        self.assertEqual(signing.signatures(self.fresh()), [])

    def test_a_substantial_session_is_sent_back_to_login(self):
        # A site that accepted MinID, then tightened its settings: the session's
        # acr is read again on every page.
        self.registry["bti.portal.oidc.acr_values"] = [HIGH, SUBSTANTIAL]
        transaction.commit()
        browser = self.login("mor", method="minid")
        self.registry["bti.portal.oidc.acr_values"] = [HIGH]
        transaction.commit()
        page = browser.http.get(self.url, allow_redirects=False)
        self.assertEqual(page.status_code, 302)
        self.assertEqual(
            parse_qs(urlsplit(page.headers["Location"]).query)["acr_values"], [HIGH]
        )
        rest = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertEqual(rest.status_code, 401, rest.text)
        self.assertIn("acr_values=idporten-loa-high", rest.json()["login_url"])
        self.assertEqual(signing.signatures(self.fresh()), [])

    def test_a_password_session_is_sent_to_login_outside_demo_mode(self):
        http = requests.Session()
        http.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)  # Zope root admin
        page = http.get(self.url, allow_redirects=False)
        self.assertEqual(page.status_code, 302)
        self.assertIn("/acl_users/oidc/login?", page.headers["Location"])

    def test_a_person_without_a_family_role_is_refused(self):
        browser = self.login("nabo")
        # No "Sign consent" on the log: refused before the page runs.
        page = browser.http.get(self.url, allow_redirects=False)
        self.assertIn(page.status_code, (302, 401, 403))
        self.assertNotIn(self.url, page.headers.get("Location", "").split("?")[0])
        page = browser.http.get(self.url)
        self.assertNotIn(
            consent_texts.current("create").in_language("nb")[0], page.text
        )
        rest = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertIn(rest.status_code, (401, 403, 404), rest.text)
        self.assertEqual(signing.signatures(self.fresh()), [])

    def test_a_guardian_role_without_a_matching_pid_is_refused(self):
        browser = self.login("nabo")
        give(self.log, self.userid("nabo"), p.GUARDIAN)  # shared by hand, not by number
        transaction.commit()
        rest = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertEqual(rest.status_code, 403, rest.text)
        self.assertEqual(rest.json()["code"], "sign_not_guardian")
        self.assertEqual(signing.signatures(self.fresh()), [])

    def test_a_withdrawn_consent_cannot_be_signed(self):
        self.consent.withdrawn = date.today()
        transaction.commit()
        browser = self.login("mor")
        self.assertNotIn("bti-sign-form", browser.http.get(self.url).text)
        rest = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertEqual(rest.status_code, 400)
        self.assertEqual(rest.json()["code"], "sign_withdrawn")


class TestSignConsentRest(SigningTestCase):
    def test_get_the_text_then_sign(self):
        browser = self.login("far")
        shown = browser.http.get(self.rest, headers=JSON)
        self.assertEqual(shown.status_code, 200, shown.text)
        data = shown.json()
        self.assertEqual(data["text_version"], VERSION)
        self.assertEqual(data["kind"], "create")
        self.assertEqual(
            data["text"], list(consent_texts.current("create").in_language("nb"))
        )
        self.assertTrue(data["may_sign"])
        self.assertEqual(data["acr"], HIGH)
        english = browser.http.get(
            self.rest, params={"language": "en"}, headers=JSON
        ).json()
        self.assertEqual(
            english["text"][0], consent_texts.current("create").in_language("en")[0]
        )

        stale = browser.http.post(
            self.rest, json={"text_version": "create-2020-01"}, headers=JSON
        )
        self.assertEqual(stale.status_code, 400)
        self.assertEqual(stale.json()["code"], "sign_text_changed")
        signed = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertEqual(signed.status_code, 200, signed.text)
        self.assertEqual(signed.json()["acr"], HIGH)
        self.assertEqual(signed.json()["user_id"], self.userid("far"))
        self.assertNotIn("pid_hash", signed.json())
        again = browser.http.post(
            self.rest, json={"text_version": VERSION}, headers=JSON
        )
        self.assertEqual(again.json()["code"], "sign_already_signed")
        after = browser.http.get(self.rest, headers=JSON).json()
        self.assertFalse(after["may_sign"])
        self.assertTrue(after["signed_by_me"])
        self.assertEqual(self.fresh().signed_by, [self.userid("far")])

    def test_anonymous_is_refused(self):
        # No "Sign consent" for anonymous: refused before the service runs.
        response = requests.get(self.rest, headers=JSON, timeout=60)
        self.assertIn(response.status_code, (401, 404))
        self.assertNotIn(
            consent_texts.current("create").in_language("nb")[0], response.text
        )


class TestDemoMode(SigningTestCase):
    """Demo sites: local password logins may sign; the acr recorded is "demo"."""

    def setUp(self):
        super().setUp()
        self.registry["bti.portal.oidc.demo_mode"] = True
        add_user("forelder", staff=False)
        give(self.log, "forelder", p.GUARDIAN)
        self.log.guardians = [*self.log.guardians, "forelder"]
        transaction.commit()

    def test_demo_signature_is_marked_demo(self):
        http = requests.Session()
        http.auth = ("forelder", password_of("forelder"))
        page = http.get(self.url)
        self.assertEqual(page.status_code, 200, page.text[:300])
        self.assertIn("bti-sign-demo", page.text)
        done = http.post(
            self.url,
            data={"_authenticator": token_in(page.text), "text_version": VERSION},
            allow_redirects=False,
        )
        self.assertEqual(done.status_code, 302, done.text[:500])
        consent = self.fresh()
        self.assertEqual(consent.signed_acr, "demo")
        self.assertEqual(consent.signer_ref, "")  # no national id behind a demo login
        self.assertEqual(consent.signed_by, ["forelder"])

    def test_the_holder_reads_the_text_but_cannot_sign(self):
        http = requests.Session()
        http.auth = ("holder", password_of("holder"))
        page = http.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("bti-sign-form", page.text)
        self.assertIn("bti-sign-problem", page.text)
