"""REST input over real HTTP: bad bodies, wrong media types, wrong value types,
names as initials and oversized texts are refused with 400/401/403/404/413/415
and a JSON error in the user's language, never a server error (500)."""

from bti.portal.relaylog import create
from bti.portal.services import body
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.validators import initials_constraint
from bti.portal.validators import InvalidValue
from bti.portal.validators import line_limit
from bti.portal.validators import LINE_MAX
from bti.portal.validators import text_limit
from bti.portal.validators import TEXT_MAX
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import valid_nid
from tests.test_views_logs import active_log
from tests.test_views_logs import add_consent
from tests.test_views_logs import set_up_people

import requests
import transaction
import unittest


DEEP_ARRAY = b"[" * 20000 + b"]" * 20000
DEEP_OBJECT = b'{"a":' * 20000 + b"1" + b"}" * 20000
BAD_BODIES = {
    "truncated": b'{"a": ',
    "array": b"[1,2]",
    "string": b'"x"',
    "null": b"null",
    "not utf-8": b'{"a": "\xff\xfe"}',
    "deep array": DEEP_ARRAY,
    "deep object": DEEP_OBJECT,
}
NB_NOT_JSON = "Send innholdet i forespørselen som et JSON-objekt."
NB_TOO_DEEP = "Innholdet i forespørselen har for mange nivåer inni hverandre."
NB_MEDIA_TYPE = "Send innholdet i forespørselen som JSON"
REFUSED = {400, 401, 403, 404}
MANAGERS_ONLY = {"@import-log"}  # 404 for the holder: no such service for them


def headers(content_type="application/json", language="nb") -> dict:
    found = {"Accept": "application/json", "Accept-Language": language}
    if content_type:
        found["Content-Type"] = content_type
    return found


class InputCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, self.school)
        self.consent = add_consent(self.log, "cooperation", services=("ppt",))
        start = datetime.now().replace(microsecond=0) + timedelta(days=3)
        with api.env.adopt_user(username="holder"):
            self.meeting = create(
                self.log, "Meeting", start=start, place="Rom 2", invited=["nurse"]
            )
        transaction.commit()

    def call(self, method, url, user=None, data=None, json=None, **options):
        auth = (user, f"secret-{user}") if user else None
        options.setdefault("headers", headers())
        response = requests.request(
            method, url, auth=auth, data=data, json=json, timeout=120, **options
        )
        response.content  # noqa: B018 (read it all, then free the connection)
        response.close()
        return response

    def endpoints(self) -> dict:
        log, site = self.log.absolute_url(), self.portal.absolute_url()
        meeting = self.meeting.absolute_url()
        return {
            "@family": ("POST", f"{log}/@family"),
            "@handover": ("POST", f"{log}/@handover"),
            "@workflow/close": ("POST", f"{log}/@workflow/close"),
            "@sign-consent": ("POST", f"{self.consent.absolute_url()}/@sign-consent"),
            "@transfer": ("POST", f"{log}/@transfer"),
            "@export": ("POST", f"{log}/@export"),
            "@minutes": ("POST", f"{meeting}/@minutes"),
            "@invitations": ("POST", f"{meeting}/@invitations"),
            "@reminder-preferences": ("PATCH", f"{site}/@reminder-preferences"),
            "@import-log": ("POST", f"{site}/logs/@import-log"),
            "content POST in a log": ("POST", log),
            "content PATCH of a log": ("PATCH", log),
            "content PATCH of a meeting": ("PATCH", meeting),
        }

    def assert_error(self, response, status, text=None):
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        error = response.json()["error"]
        self.assertIn(error["type"], ("BadRequest", "UnsupportedMediaType"))
        if text is not None:
            self.assertIn(text, error["message"])
        return error


class TestBadBodies(InputCase):
    def test_every_endpoint_refuses_every_bad_body_without_a_server_error(self):
        for name, (method, url) in self.endpoints().items():
            for kind, raw in BAD_BODIES.items():
                for user in (None, "stranger", "holder"):
                    with self.subTest(endpoint=name, body=kind, user=user):
                        response = self.call(method, url, user, data=raw)
                        self.assertIn(response.status_code, REFUSED, response.text)
                        if user == "holder" and name not in MANAGERS_ONLY:
                            wanted = NB_TOO_DEEP if "deep" in kind else NB_NOT_JSON
                            self.assert_error(response, 400, wanted)

    def test_nothing_was_changed_by_the_bad_bodies(self):
        before = len(self.log.objectIds())
        for raw in BAD_BODIES.values():
            self.call("POST", self.log.absolute_url(), "holder", data=raw)
        self.log._p_jar.sync()
        self.assertEqual(len(self.log.objectIds()), before)

    def test_the_error_follows_the_language_asked_for(self):
        url = f"{self.log.absolute_url()}/@handover"
        nb = self.call("POST", url, "holder", data=b"[1]")
        en = self.call(
            "POST", url, "holder", data=b"[1]", headers=headers(language="en")
        )
        self.assert_error(nb, 400, NB_NOT_JSON)
        self.assertEqual(en.status_code, 400)
        self.assertEqual(nb.json()["error"]["code"], "body_not_json")

    def test_coded_refusals_have_one_shape(self):
        response = self.call(
            "POST",
            f"{self.log.absolute_url()}/@family",
            "holder",
            json={"national_id": "01031599999", "role": "Guardian"},
        )
        error = self.assert_error(response, 400)
        self.assertEqual(error["code"], response.json()["code"])
        self.assertNotIn("01031599999", response.text)

    def test_wrong_value_types_are_400(self):
        log = self.log.absolute_url()
        cases = (
            (f"{log}/@family", {"national_id": 12345678901, "role": "Guardian"}),
            (f"{log}/@handover", {"action": ["offer"]}),
            (f"{log}/@handover", {"action": "offer", "to": 5}),
            (f"{log}/@workflow/close", {"close_reason": ["moved"]}),
            (f"{log}/@workflow/close", {"comment": {"a": 1}}),
            (f"{self.meeting.absolute_url()}/@minutes", {"text": 5}),
            (f"{log}/@transfer", {"unit": 5, "holder": "next"}),
        )
        for url, data in cases:
            with self.subTest(url=url, data=data):
                response = self.call("POST", url, "holder", json=data)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("error", response.json())

    def test_a_long_workflow_comment_is_refused(self):
        response = self.call(
            "POST",
            f"{self.log.absolute_url()}/@workflow/close",
            "holder",
            json={"close_reason": "goals_reached", "comment": "x" * (TEXT_MAX + 1)},
        )
        self.assert_error(response, 400, "for lang")

    def test_a_body_over_the_limit_is_413(self):
        raw = b'{"a": "' + b"x" * (body.MAX_BODY + 1) + b'"}'
        response = self.call(
            "POST", f"{self.log.absolute_url()}/@handover", "holder", data=raw
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()["error"]["code"], "body_too_large")


class TestMediaTypes(InputCase):
    def test_text_plain_is_refused_and_changes_nothing(self):
        url = f"{self.log.absolute_url()}/@handover"
        for user in (None, "stranger", "holder"):
            with self.subTest(user=user):
                response = self.call(
                    "POST",
                    url,
                    user,
                    data=b'{"action": "offer", "to": "next"}',
                    headers=headers("text/plain"),
                )
                self.assertIn(response.status_code, {401, 403, 404, 415})
        response = self.call(
            "POST",
            url,
            "holder",
            data=b'{"action": "offer", "to": "next"}',
            headers=headers("text/plain"),
        )
        self.assert_error(response, 415, NB_MEDIA_TYPE)
        self.assertIsNone(self.call("GET", url, "holder").json()["offer"])

    def test_json_still_works(self):
        url = f"{self.log.absolute_url()}/@handover"
        response = self.call(
            "POST", url, "holder", json={"action": "offer", "to": "next"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        login = self.call(
            "POST",
            f"{self.portal.absolute_url()}/@login",
            json={"login": "holder", "password": "secret-holder"},
        )
        self.assertEqual(login.status_code, 200, login.text)
        self.assertIn("token", login.json())

    def test_forms_and_other_types_are_refused_for_content_and_services(self):
        log = self.log.absolute_url()
        cases = (
            ("POST", log, "application/x-www-form-urlencoded", b"@type=LogMessage"),
            ("POST", log, "text/plain", b'{"@type": "LogMessage", "text": "Hei"}'),
            ("POST", log, "multipart/form-data; boundary=x", b"--x--\r\n"),
            ("PATCH", log, "text/plain", b'{"initiative_by": "Skolen"}'),
            ("DELETE", self.meeting.absolute_url(), "text/plain", b"{}"),
            ("POST", f"{log}/@family", "text/plain", b"{}"),
            ("POST", f"{log}/@workflow/close", "text/plain", b"{}"),
            ("POST", f"{log}/@transfer", "application/xml", b"<a/>"),
            ("POST", f"{log}/@handover", None, b'{"action": "withdraw"}'),
        )
        for method, url, content_type, raw in cases:
            with self.subTest(method=method, url=url, content_type=content_type):
                response = self.call(
                    method, url, "holder", data=raw, headers=headers(content_type)
                )
                self.assert_error(response, 415)
        self.log._p_jar.sync()
        self.assertIn(self.meeting.getId(), self.log.objectIds())

    def test_a_post_without_body_needs_no_media_type(self):
        response = self.call(
            "POST",
            f"{self.meeting.absolute_url()}/@invitations",
            "holder",
            headers=headers(None),
        )
        self.assertEqual(response.status_code, 200, response.text)


class TestContentValues(InputCase):
    def post(self, data, user="holder"):
        return self.call("POST", self.log.absolute_url(), user, json=data)

    def test_wrong_types_and_bad_dates_are_400(self):
        cases = (
            {"@type": "Meeting", "start": "not a date", "end": 5, "place": "Rom"},
            {"@type": "Meeting", "start": 5, "place": "Rom"},
            {"@type": "Meeting", "start": "2025-03-01T10:00", "place": ["Rom"]},
            {"@type": "Meeting", "start": "99999-99-99", "place": "Rom"},
            {"@type": "Goal", "area": "school", "title": {"a": 1}},
            {"@type": "LogMessage", "text": ["Hei"]},
            {"@type": "LogMessage", "text": True},
            {"@type": "LogMessage", "text": "y", "kind": {"a": 1}},
            {"@type": "LogMessage", "text": "y", "kind": {"token": 5}},
        )
        for data in cases:
            with self.subTest(data=data):
                response = self.post(data)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("error", response.json())
        response = self.post(cases[0])
        self.assertIn("er ikke en dato", response.json()["message"])

    def test_wrong_types_in_a_patch_are_400(self):
        response = self.call(
            "PATCH", self.meeting.absolute_url(), "holder", json={"end": [1]}
        )
        self.assertEqual(response.status_code, 400, response.text)

    def test_a_huge_message_is_refused_in_norwegian(self):
        response = self.post({"@type": "LogMessage", "text": "x" * 5_000_000})
        self.assert_error(response, 400, "Teksten er for lang")
        self.log._p_jar.sync()
        kinds = {obj.portal_type for obj in self.log.objectValues()}
        self.assertNotIn("LogMessage", kinds)

    def test_a_message_within_the_limit_is_kept(self):
        response = self.post({"@type": "LogMessage", "text": "Hei " * 100})
        self.assertEqual(response.status_code, 201, response.text)


class TestInitials(InputCase):
    def create_log(self, title):
        return self.call(
            "POST",
            self.portal["logs"].absolute_url(),
            "holder",
            json={
                "@type": "RelayLog",
                "title": title,
                "full_name": "Anna Barn Testesen",
                "national_id": valid_nid(),
                "unit": self.school.UID(),
            },
        )

    def test_names_are_refused_as_initials(self):
        for title in ("Ida Bø", "Ola Li", "Mia E", "IB", "I.B", "A.B.C.D.E.", "1.2."):
            with self.subTest(title=title):
                response = self.create_log(title)
                self.assert_error(response, 400, "høyst fire bokstaver")

    def test_initials_with_dots_are_kept(self):
        for title in ("I.B.", "Ø.L.", "M.E.K.", "A.B.C.D."):
            with self.subTest(title=title):
                response = self.create_log(title)
                self.assertEqual(response.status_code, 201, response.text)

    def test_a_patch_with_a_name_is_refused(self):
        response = self.call(
            "PATCH", self.log.absolute_url(), "holder", json={"title": "Ida Bø"}
        )
        self.assert_error(response, 400, "initialer")


class TestConstraints(unittest.TestCase):
    def test_initials(self):
        for good in ("I.B.", "O.L.", "M.E.K.", "Å.", "A.B.C.D."):
            self.assertTrue(initials_constraint(good))
        for bad in (
            "Ida Bø",
            "Ola Li",
            "Mia E",
            "I.B",
            "IB.",
            " I.B.",
            "",
            "K.L.M.N.O.",
        ):
            with self.subTest(bad=bad), self.assertRaises(InvalidValue):
                initials_constraint(bad)

    def test_text_limit(self):
        self.assertTrue(text_limit("x" * TEXT_MAX))
        with self.assertRaises(InvalidValue):
            text_limit("x" * (TEXT_MAX + 1))

    def test_line_limit_keeps_text_lines_on_one_line(self):
        self.assertTrue(line_limit("x" * LINE_MAX))
        self.assertFalse(line_limit("Anna\nBarn"))
        with self.assertRaises(InvalidValue):
            line_limit("x" * (LINE_MAX + 1))

    def test_depth(self):
        self.assertFalse(body.too_deep('{"a": [[1], {"b": "[[[[["}]}', limit=3))
        self.assertTrue(body.too_deep("[" * 4, limit=3))


class TestSharingAndInvitationBodies(InputCase):
    def test_sharing_with_a_wrong_shape_is_400(self):
        url = f"{self.log.absolute_url()}/@sharing"
        for data in (
            {"entries": "x"},
            {"entries": [1]},
            {"entries": [{"id": 5, "roles": {}}]},
            {"entries": [{"id": "nurse", "roles": {"Participant": "yes"}}]},
            {"entries": [], "inherit": "no"},
        ):
            with self.subTest(data=data):
                self.assert_error(self.call("POST", url, "holder", json=data), 400)

    def test_sharing_with_a_huge_body_is_refused(self):
        url = f"{self.log.absolute_url()}/@sharing"
        response = self.call(
            "POST", url, "holder", json={"entries": [], "x": "y" * 5_000_000}
        )
        self.assertEqual(response.status_code, 413, response.text[:300])

    def test_invitations_with_a_bad_body_are_400(self):
        url = f"{self.meeting.absolute_url()}/@invitations"
        response = self.call("POST", url, "holder", data=b"{not json")
        self.assert_error(response, 400)
