"""Reminder preferences: the store, the @@reminder-preferences form, REST GET/PATCH."""

from bti.portal.reminders.preferences import get_preferences
from bti.portal.reminders.preferences import KINDS
from bti.portal.reminders.preferences import PreferencesError
from bti.portal.reminders.preferences import set_preferences
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user

import requests
import transaction
import unittest


class TestPreferencesStore(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_everything_is_on_until_switched_off(self):
        self.assertEqual(get_preferences("eva"), dict.fromkeys(KINDS, True))
        set_preferences("eva", {"meetings": False})
        self.assertFalse(get_preferences("eva")["meetings"])
        self.assertTrue(get_preferences("eva")["consents"])
        self.assertTrue(get_preferences("kari")["meetings"])  # per person
        set_preferences("eva", {"meetings": True})
        self.assertEqual(get_preferences("eva"), dict.fromkeys(KINDS, True))

    def test_unknown_kind_and_non_boolean_are_refused(self):
        for changes, code in (
            ({"holidays": False}, "preferences_unknown_kind"),
            ({"meetings": "no"}, "preferences_not_boolean"),
            (["meetings"], "preferences_not_an_object"),
        ):
            with self.assertRaises(PreferencesError) as caught:
                set_preferences("eva", changes)
            self.assertEqual(caught.exception.code, code)
        self.assertEqual(get_preferences("eva"), dict.fromkeys(KINDS, True))


class TestPreferencesForm(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_user("eva")

    def test_the_form_shows_every_kind_and_saves(self):
        add_unit(self.portal, "Solsida skole", "school", leaders=["eva"])
        with api.env.adopt_user(username="eva"):
            view = self.portal.restrictedTraverse("@@reminder-preferences")
            html = view()
            for kind in KINDS:
                self.assertIn(f'id="bti-reminder-{kind}"', html)
            self.assertEqual(html.count('checked="checked"'), len(KINDS))
            self.request.method = "POST"
            self.request.form.update({
                "form.buttons.save": "save",
                "kinds": ["activities", "concerns"],
                "_authenticator": view.context.restrictedTraverse(
                    "@@authenticator"
                ).token(),
            })
            view()
        self.assertEqual(
            get_preferences("eva"),
            {
                "activities": True,
                "meetings": False,
                "consents": False,
                "concerns": True,
                "offers": False,
                "rounds": False,
            },
        )

    def form_kinds(self, user_id: str) -> list[str]:
        with api.env.adopt_user(username=user_id):
            html = self.portal.restrictedTraverse("@@reminder-preferences")()
        return [kind for kind in KINDS if f'id="bti-reminder-{kind}"' in html]

    def test_each_person_sees_only_the_kinds_that_can_reach_them(self):
        add_user("gro", staff=False)
        add_user("leo")
        add_unit(self.portal, "Solsida skole", "school", leaders=["leo"])
        self.assertEqual(self.form_kinds("gro"), ["activities"])
        self.assertEqual(
            self.form_kinds("eva"),
            ["activities", "meetings", "consents", "concerns", "offers"],
        )
        self.assertEqual(self.form_kinds("leo"), list(KINDS))

    def test_saving_keeps_the_kinds_not_shown(self):
        add_user("gro", staff=False)
        set_preferences("gro", {"meetings": False})
        with api.env.adopt_user(username="gro"):
            view = self.portal.restrictedTraverse("@@reminder-preferences")
            self.request.method = "POST"
            self.request.form.update({
                "form.buttons.save": "save",
                "kinds": [],
                "_authenticator": view.context.restrictedTraverse(
                    "@@authenticator"
                ).token(),
            })
            view()
        self.assertEqual(
            get_preferences("gro"),
            {**dict.fromkeys(KINDS, True), "activities": False, "meetings": False},
        )

    def test_listed_in_the_user_menu(self):
        with api.env.adopt_user(username="eva"):
            actions = api.portal.get_tool("portal_actions").listFilteredActionsFor(
                self.portal
            )
        urls = [action["url"] for action in actions["user"]]
        self.assertIn(f"{self.portal.absolute_url()}/@@reminder-preferences", urls)


class TestReminderPreferencesService(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_user("eva")
        add_user("kari")
        add_user("gro", staff=False)
        add_unit(self.portal, "Solsida skole", "school", leaders=["eva"])
        transaction.commit()
        self.url = f"{self.portal.absolute_url()}/@reminder-preferences"

    def call(self, method, user_id=None, **kwargs):
        return requests.request(
            method,
            self.url,
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            auth=(user_id, "secret-" + user_id) if user_id else None,
            timeout=30,
            **kwargs,
        )

    def test_get(self):
        response = self.call("GET", "eva")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual(answer["preferences"], dict.fromkeys(KINDS, True))
        self.assertEqual([k["id"] for k in answer["kinds"]], list(KINDS))
        self.assertTrue(all(k["title"] and k["description"] for k in answer["kinds"]))

    def test_get_lists_the_kinds_that_can_reach_me(self):
        kinds = [k["id"] for k in self.call("GET", "kari").json()["kinds"]]
        self.assertEqual(kinds, [kind for kind in KINDS if kind != "rounds"])
        kinds = [k["id"] for k in self.call("GET", "gro").json()["kinds"]]
        self.assertEqual(kinds, ["activities"])

    def test_patch_changes_only_mine(self):
        response = self.call("PATCH", "eva", json={"consents": False, "offers": False})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertFalse(response.json()["preferences"]["consents"])
        mine = self.call("GET", "eva").json()["preferences"]
        self.assertEqual(
            (mine["consents"], mine["offers"], mine["meetings"]), (False, False, True)
        )
        self.assertEqual(
            self.call("GET", "kari").json()["preferences"], dict.fromkeys(KINDS, True)
        )

    def test_bad_input_is_a_400_with_a_message(self):
        for body in ({"holidays": False}, {"meetings": "off"}, ["meetings"]):
            response = self.call("PATCH", "eva", json=body)
            self.assertEqual(response.status_code, 400, response.text)
            self.assertEqual(response.json()["type"], "BadRequest")
            self.assertTrue(response.json()["message"])
        response = self.call("PATCH", "eva", data="not json")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(
            self.call("GET", "eva").json()["preferences"], dict.fromkeys(KINDS, True)
        )

    def test_anonymous_is_refused(self):
        self.assertEqual(self.call("GET").status_code, 401)
        self.assertEqual(self.call("PATCH", json={"meetings": False}).status_code, 401)
