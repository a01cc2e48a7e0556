"""What the family may write: messages, and comments (evaluations) on their own
activities only; never changes to goals or activities. In the UI and in REST."""

from bti.portal import _
from bti.portal.relaylog import create
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.statusmessages.interfaces import IStatusMessage
from tests.test_family_view import scene
from zExceptions import Forbidden
from zope.i18n import translate

import re
import requests
import transaction
import unittest


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def refusal() -> str:
    """The refusal as the family reads it (the test site speaks bokmål)."""
    message = family_rules.MESSAGES["evaluation_not_own_activity"]
    return translate(message, target_language="nb")


def items(container, type_name: str) -> list:
    return [o for o in container.objectValues() if o.portal_type == type_name]


class TestFamilyRules(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.scene = scene(self.portal)

    def evaluate(self, user_id: str, activity):
        with api.env.adopt_user(username=user_id):
            return create(activity, "Evaluation", worked="Det gikk bra.")

    def test_guardian_comments_on_own_activity(self):
        evaluation = self.evaluate("guardian", self.scene["own"])
        self.assertEqual(evaluation.Creator(), "guardian")
        self.assertEqual(items(self.scene["own"], "Evaluation"), [evaluation])

    def test_guardian_may_not_comment_on_someone_elses_activity(self):
        with self.assertRaises(Forbidden) as refused:
            self.evaluate("guardian", self.scene["theirs"])
        self.assertIn(refusal(), str(refused.exception))
        self.assertEqual(items(self.scene["theirs"], "Evaluation"), [])

    def test_staff_on_the_log_evaluate_any_activity(self):
        self.evaluate("helper", self.scene["own"])
        self.evaluate("holder", self.scene["theirs"])

    def test_family_has_no_modify_on_goals_and_activities(self):
        for obj in (self.scene["goal"], self.scene["own"], self.scene["theirs"]):
            self.assertFalse(
                api.user.has_permission(
                    "Modify portal content", username="guardian", obj=obj
                )
            )

    def render_log(self, user_id: str) -> str:
        with api.env.adopt_user(username=user_id):
            return self.scene["mine"].restrictedTraverse("@@log-view")()

    def test_log_page_offers_a_comment_only_on_own_activity(self):
        html = self.render_log("guardian")
        own = f"{self.scene['own'].absolute_url()}/++add++Evaluation"
        theirs = f"{self.scene['theirs'].absolute_url()}/++add++Evaluation"
        self.assertIn(own, html)
        self.assertNotIn(theirs, html)
        self.assertIn(
            translate(_("add_comment", default="Add a comment"), target_language="nb"),
            html,
        )
        self.assertIn("@@withdraw-consent", html)
        self.assertNotIn("@@add-family", html)  # the holder's link
        # Staff keep "Add evaluation" on every activity.
        html = self.render_log("helper")
        self.assertIn(own, html)
        self.assertIn(theirs, html)

    def test_add_form_refuses_with_a_message(self):
        activity = self.scene["theirs"]
        with api.env.adopt_user(username="guardian"):
            view = activity.restrictedTraverse("++add++Evaluation")
            self.assertEqual(view(), "")
        self.assertEqual(self.request.response.getStatus(), 302)
        self.assertEqual(
            self.request.response.getHeader("location"),
            self.scene["mine"].absolute_url(),
        )
        (message,) = IStatusMessage(self.request).show()
        self.assertEqual(message.type, "error")
        self.assertIn(refusal(), message.message)

    def test_add_form_opens_on_own_activity(self):
        with api.env.adopt_user(username="guardian"):
            html = self.scene["own"].restrictedTraverse("++add++Evaluation")()
        self.assertIn("form-widgets-worked", html)


class TestFamilyWritingOverHTTP(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.scene = scene(self.portal)
        transaction.commit()
        self.http = requests.Session()
        self.http.auth = ("guardian", "secret-guardian")
        self.addCleanup(self.http.close)

    def url(self, name: str) -> str:
        return self.scene[name].absolute_url()

    def fresh(self, name: str):
        transaction.begin()
        return self.portal.unrestrictedTraverse(
            "/".join(self.scene[name].getPhysicalPath())
        )

    def test_guardian_writes_a_message_over_rest(self):
        response = self.http.post(
            self.url("mine"),
            json={"@type": "LogMessage", "kind": "message", "text": "Hei fra mor."},
            headers=JSON,
            timeout=60,
        )
        self.assertEqual(response.status_code, 201, response.text)
        texts = [m.text for m in items(self.fresh("mine"), "LogMessage")]
        self.assertIn("Hei fra mor.", texts)

    def test_guardian_writes_a_message_in_the_form(self):
        form_url = f"{self.url('mine')}/++add++LogMessage"
        page = self.http.get(form_url, timeout=60)
        self.assertEqual(page.status_code, 200)
        (token,) = re.findall(r'name="_authenticator"[^>]*value="([^"]+)"', page.text)
        response = self.http.post(
            form_url,
            data={
                "_authenticator": token,
                "form.widgets.kind:list": "message",
                "form.widgets.text": "Takk for møtet.",
                "form.buttons.save": "Lagre",
            },
            timeout=60,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 302, response.text[-2000:])
        texts = [m.text for m in items(self.fresh("mine"), "LogMessage")]
        self.assertIn("Takk for møtet.", texts)

    def test_an_old_token_keeps_what_was_written(self):
        """plone.protect aborted the write after the form said "saved"."""
        text = "Et langt svar som ikke må gå tapt."

        def send(key: str, token: str) -> requests.Response:
            return self.http.post(
                f"{self.url('mine')}/++add++LogMessage",
                data={
                    key: token,
                    "form.widgets.kind:list": "message",
                    "form.widgets.text": text,
                    "form.buttons.save": "Lagre",
                },
                timeout=60,
                allow_redirects=False,
            )

        def kept() -> list[str]:
            return [m.text for m in items(self.fresh("mine"), "LogMessage")]

        for key, token in (
            ("_authenticator", "old"),
            ("_authenticator", ""),
            ("_authenticator:tokens", ""),  # an empty list: was a 500
            ("_authenticator.x:record", "old"),
        ):
            with self.subTest(key=key, token=token):
                response = send(key, token)
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)
                self.assertIn("Skjemaet ble ikke sendt", response.text)
                self.assertEqual(response.text.count('name="_authenticator"'), 1)
                self.assertNotIn(text, kept())
        # Sent again from the page drawn: kept.
        (fresh,) = re.findall(
            r'name="_authenticator"[^>]*value="([^"]+)"', response.text
        )
        self.assertEqual(send("_authenticator", fresh).status_code, 302)
        self.assertIn(text, kept())

    def test_evaluation_over_rest_on_own_and_others_activity(self):
        body = {"@type": "Evaluation", "worked": "Han sovnet tidligere."}

        def post(name):
            return self.http.post(self.url(name), json=body, headers=JSON, timeout=60)

        response = post("own")
        self.assertEqual(response.status_code, 201, response.text)
        response = post("theirs")
        self.assertEqual(response.status_code, 403, response.text)
        error = response.json()
        self.assertEqual(error["type"], "Forbidden")
        self.assertIn(refusal(), error["message"])
        self.assertNotIn("traceback", error)
        self.assertEqual(len(items(self.fresh("own"), "Evaluation")), 1)
        self.assertEqual(items(self.fresh("theirs"), "Evaluation"), [])

    def test_goal_and_activity_cannot_be_changed(self):
        for name, body in (
            ("goal", {"title": "Et annet mål"}),
            ("own", {"title": "Noe annet"}),
            ("theirs", {"responsible": "guardian"}),
        ):
            with self.subTest(name):
                response = self.http.patch(
                    self.url(name), json=body, headers=JSON, timeout=60
                )
                self.assertIn(response.status_code, (401, 403), response.text)
        self.assertEqual(self.fresh("goal").title, "Sove godt")
        self.assertEqual(self.fresh("theirs").responsible, "helper")
        # Nor in the UI: the edit form is not theirs.
        response = self.http.get(
            f"{self.url('goal')}/@@edit", timeout=60, allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)

    def test_guardian_cannot_add_goals_or_activities(self):
        response = self.http.post(
            self.url("mine"),
            json={"@type": "Goal", "area": "home", "title": "Nytt mål"},
            headers=JSON,
            timeout=60,
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        response = self.http.post(
            self.url("goal"),
            json={"@type": "Activity", "title": "Ny", "responsible": "guardian"},
            headers=JSON,
            timeout=60,
        )
        self.assertIn(response.status_code, (401, 403), response.text)
