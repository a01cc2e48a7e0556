"""Requests to a log are audited (HTML), reads leave the ZODB alone, and the
audit pages: @@log-audit for the family, @@unit-audit for the unit's leaders.
The test site speaks bokmål."""

from bti.portal.audit.store import store_for_site
from bti.portal.content.ids import random_id
from bti.portal.domain import audit
from bti.portal.relaylog.roles import sync_unit_leaders
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from DateTime import DateTime
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.registry.interfaces import IRegistry
from zExceptions import BadRequest
from zExceptions import Unauthorized
from zope.component import getUtility
from zope.component.hooks import setSite

import io
import os
import PIL.Image
import requests
import transaction
import unittest


PASSWORD = "audit-test-password"
USERS = {
    "holder": "Hanne Holder",
    "guardian": "Gunnar Guardian",
    "leader": "Liv Leader",
    "stranger": "Stian Stranger",
}
WORKFLOW = "bti_relaylog_workflow"


def make_scene(portal) -> dict:
    """Users, a unit led by ``leader``, and an active log held by ``holder``
    with ``guardian`` as Guardian and one attachment."""
    getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True  # local passwords
    for userid, fullname in USERS.items():
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password=PASSWORD,
            properties={"fullname": fullname},
        )
    api.group.add_user(groupname="bti-staff", username="leader")  # leaders are staff
    with api.env.adopt_user(SITE_OWNER_NAME):
        unit = api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Testskolen",
            service="school",
            leaders=["leader"],
        )
        log = api.content.create(
            container=portal["logs"],
            type="RelayLog",
            id=random_id(),
            title="K.L.",
            full_name="Kari Larsen",
            national_id="01019012480",
            unit=unit.UID(),
            strengths="Tegner godt",
        )
        attachment = api.content.create(
            container=log,
            type="Attachment",
            id=random_id(),
            title="Report",
            file=NamedBlobFile(
                b"report", filename="report.txt", contentType="text/plain"
            ),
            image=NamedBlobImage(png(), filename="drawing.png"),
        )
    log.manage_setLocalRoles("holder", ["RelayHolder"])
    log.manage_setLocalRoles("guardian", ["Guardian"])
    set_state(log, "level1")
    return {"unit": unit, "log": log, "attachment": attachment}


def png() -> bytes:
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def set_state(log, state: str) -> None:
    tool = api.portal.get_tool("portal_workflow")
    tool.setStatusOf(
        WORKFLOW,
        log,
        {
            "review_state": state,
            "action": None,
            "actor": SITE_OWNER_NAME,
            "comments": "",
            "time": DateTime(),
        },
    )
    tool[WORKFLOW].updateRoleMappingsFor(log)
    log.reindexObjectSecurity()


def path_of(obj) -> str:
    return "/".join(obj.getPhysicalPath())


class AuditFunctionalTestCase(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        self.scene = make_scene(self.portal)
        self.log = self.scene["log"]
        self.uid = self.log.UID()
        transaction.commit()
        self.store = store_for_site(self.portal.getId())

    def get(self, url: str, user: str | None = None, **options) -> requests.Response:
        auth = (user, PASSWORD) if user else None
        response = requests.get(
            url, auth=auth, timeout=60, allow_redirects=False, **options
        )
        self.addCleanup(response.close)
        return response

    def assertRefused(self, response: requests.Response, message=None) -> None:
        """Plone sends a refused browser to the login page."""
        self.assertEqual(response.status_code, 302, message)
        self.assertIn("/require_login?", response.headers["Location"], message)

    def records(self) -> list[audit.AuditRecord]:
        return self.store.for_log(self.uid)


class TestRequestsAreRecorded(AuditFunctionalTestCase):
    def test_reading_the_log_appends_one_record(self):
        response = self.get(self.log.absolute_url(), "holder")
        self.assertEqual(response.status_code, 200)
        [record] = self.records()
        self.assertEqual(record.user_id, "holder")
        self.assertEqual(record.log_uid, self.uid)
        self.assertEqual(record.path, path_of(self.log))
        self.assertEqual(
            (record.method, record.status, record.action), ("GET", 200, "view")
        )

    def test_query_string_is_not_recorded(self):
        self.get(f"{self.log.absolute_url()}/view?name=Kari", "holder")
        self.assertEqual(self.records()[-1].path, f"{path_of(self.log)}/view")

    def test_item_inside_the_log_and_its_download(self):
        attachment = self.scene["attachment"]
        self.assertEqual(
            self.get(attachment.absolute_url(), "guardian").status_code, 200
        )
        download = self.get(f"{attachment.absolute_url()}/@@download/file", "guardian")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, b"report")
        read, downloaded = self.records()
        self.assertEqual((read.action, read.path), ("view", path_of(attachment)))
        self.assertEqual(downloaded.action, "download")
        self.assertEqual(downloaded.path, f"{path_of(attachment)}/@@download/file")
        self.assertEqual(downloaded.user_id, "guardian")

    def test_a_form_opened_and_cancelled_is_not_a_change(self):
        """Who-has-read must not tell a family something was changed."""
        add = f"{self.log.absolute_url()}/++add++LogMessage"
        self.assertEqual(self.get(add, "guardian").status_code, 200)
        cancel = requests.post(
            add,
            auth=("guardian", PASSWORD),
            data={"form.buttons.cancel": "Avbryt"},
            timeout=60,
            allow_redirects=False,
        )
        self.addCleanup(cancel.close)
        self.assertIn(cancel.status_code, (200, 302, 303))
        opened, closed = self.records()
        self.assertEqual((opened.method, opened.action), ("GET", audit.FORM))
        self.assertEqual((closed.method, closed.action), ("POST", audit.FORM_CLOSED))

    def test_image_scale_is_a_download(self):
        attachment = self.scene["attachment"]
        url = f"{attachment.absolute_url()}/@@images/image/thumb"
        response = self.get(url, "guardian")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        [record] = self.records()
        self.assertEqual(record.action, "download")
        self.assertEqual(record.path, f"{path_of(attachment)}/@@images/image/thumb")

    def test_denied_attempt_records_who_tried(self):
        response = self.get(self.log.absolute_url(), "stranger")
        self.assertRefused(response)
        [record] = self.records()
        self.assertEqual((record.user_id, record.action), ("stranger", "denied"))
        self.assertEqual(record.status, 401)

    def test_anonymous_attempt_is_recorded(self):
        self.get(f"{self.log.absolute_url()}/@@log-audit")
        [record] = self.records()
        self.assertEqual((record.user_id, record.action), (audit.ANONYMOUS, "denied"))

    def test_not_found_below_a_log_is_recorded(self):
        response = self.get(f"{self.log.absolute_url()}/no-such-item", "holder")
        self.assertEqual(response.status_code, 404)
        [record] = self.records()
        self.assertEqual((record.user_id, record.status), ("holder", 404))

    def test_requests_outside_logs_are_not_recorded(self):
        self.get(self.portal.absolute_url(), "holder")
        self.get(f"{self.scene['unit'].absolute_url()}/@@unit-audit", "leader")
        self.assertEqual(list(self.store.all()), [])

    def test_records_form_an_intact_chain_without_names(self):
        for user in ("holder", "guardian", "stranger"):
            self.get(self.log.absolute_url(), user)
        records = list(self.store.all())
        self.assertEqual(len(records), 3)
        self.assertEqual(audit.verify(records), [])
        text = repr(records)
        for secret in ("Kari", "Larsen", "01019012480", "Hanne", "Gunnar", "Stian"):
            self.assertNotIn(secret, text)


class TestNoReadWithoutRecord(AuditFunctionalTestCase):
    def test_log_is_not_shown_when_the_record_cannot_be_written(self):
        self.assertIn("Tegner godt", self.get(self.log.absolute_url(), "holder").text)
        blocker = os.path.join(os.environ["BTI_AUDIT_DIR"], "a-file")
        with open(blocker, "w") as file:
            file.write("not a folder")
        os.environ["BTI_AUDIT_DIR"] = os.path.join(blocker, "audit")
        response = self.get(self.log.absolute_url(), "holder")
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Tegner godt", response.text)


class TestReadsDoNotWriteTheZODB(AuditFunctionalTestCase):
    def test_get_leaves_the_database_unchanged(self):
        # Plone stores the site's portlet settings on the first page it renders.
        self.get(self.portal.absolute_url(), "guardian")
        database = self.layer["zodbDB"]
        before = database.lastTransaction()
        for url in (
            self.log.absolute_url(),
            f"{self.log.absolute_url()}/@@log-audit",
            f"{self.scene['attachment'].absolute_url()}/@@download/file",
        ):
            self.assertEqual(self.get(url, "guardian").status_code, 200, url)
        self.get(self.log.absolute_url(), "stranger")
        self.assertEqual(database.lastTransaction(), before)
        self.assertEqual(len(self.records()), 4)


class TestLogAuditPage(AuditFunctionalTestCase):
    def test_guardian_sees_who_read_the_log(self):
        self.get(self.log.absolute_url(), "holder")
        response = self.get(f"{self.log.absolute_url()}/@@log-audit", "guardian")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Hanne Holder", response.text)
        self.assertIn("Viser 1–1 av 1, nyeste først.", response.text)
        # Reading the audit is itself a read of the log.
        self.assertEqual([r.action for r in self.records()], ["view", "audit"])

    def test_unrelated_user_is_refused(self):
        response = self.get(f"{self.log.absolute_url()}/@@log-audit", "stranger")
        self.assertRefused(response)
        self.assertNotIn("Hanne Holder", response.text)
        self.assertEqual([r.action for r in self.records()], ["denied"])


class TestUnitAuditPage(AuditFunctionalTestCase):
    def test_leader_sees_the_audit_of_the_units_logs(self):
        self.get(self.log.absolute_url(), "guardian")
        response = self.get(
            f"{self.scene['unit'].absolute_url()}/@@unit-audit", "leader"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Gunnar Guardian", response.text)
        self.assertIn(self.log.getId(), response.text)
        self.assertNotIn("K.L.", response.text)

    def test_others_are_refused(self):
        for user in ("holder", "guardian", "stranger", None):
            response = self.get(
                f"{self.scene['unit'].absolute_url()}/@@unit-audit", user
            )
            self.assertRefused(response, user)


class TestPagesInProcess(unittest.TestCase):
    """Empty state, paging and the leader rule, without HTTP."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.scene = make_scene(self.portal)
        self.log = self.scene["log"]
        self.store = store_for_site(self.portal.getId())

    def append(self, count: int, user_id: str = "holder") -> None:
        for _number in range(count):
            self.store.append(
                user_id=user_id,
                log_uid=self.log.UID(),
                action=audit.VIEW,
                path=path_of(self.log),
                method="GET",
                status=200,
            )

    def render(self, context, name: str, **form) -> str:
        self.request.form.update(form)
        return api.content.get_view(name, context, self.request)()

    def test_empty_state(self):
        html = self.render(self.log, "log-audit")
        self.assertIn("Ingen har åpnet denne ennå.", html)
        self.assertNotIn("<table", html)

    def test_pages_of_fifty_newest_first(self):
        self.append(60)
        self.append(1, "guardian")
        html = self.render(self.log, "log-audit")
        self.assertIn("Viser 1–50 av 61, nyeste først.", html)
        self.assertIn("b_start=50", html)
        self.assertLess(html.index("Gunnar Guardian"), html.index("Hanne Holder"))
        html = self.render(self.log, "log-audit", b_start="50")
        self.assertIn("Viser 51–61 av 61, nyeste først.", html)
        self.assertNotIn("Gunnar Guardian", html)
        self.assertIn("b_start=0", html)

    def test_a_bad_page_number_is_a_400(self):
        for value in ("x", ["1", "2"], "-1"):
            with self.subTest(value), self.assertRaises(BadRequest):
                self.render(self.log, "log-audit", b_start=value)

    def test_unit_audit_needs_leader_or_manager(self):
        unit = self.scene["unit"]
        self.append(1)
        self.assertIn(self.log.getId(), self.render(unit, "unit-audit"))  # Manager
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        with self.assertRaises(Unauthorized):
            self.render(unit, "unit-audit")
        # A leader is staff (group bti-staff) and listed on the unit, whose
        # form then gives the UnitLeader role on it.
        setRoles(self.portal, TEST_USER_ID, ["Member", "Staff"])
        with self.assertRaises(Unauthorized):
            self.render(unit, "unit-audit")
        unit.leaders = [TEST_USER_ID]
        sync_unit_leaders(unit)
        self.assertIn("Hanne Holder", self.render(unit, "unit-audit"))
