"""REST @archive on a log and the archivist's page: archivists (and Manager)
only; everyone else, the log's own holder and family included, is refused."""

from bti.portal.archive import render
from bti.portal.archive import store
from bti.portal.setuphandlers.archive import ARCHIVIST_GROUP
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.users import is_family_user
from bti.portal.users import landing_url
from plone import api
from tests.test_audit_views import make_scene
from tests.test_audit_views import PASSWORD
from unittest import mock
from zope.component.hooks import setSite

import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}
PDF = b"%PDF-1.7 archive test"
OTHERS = (None, "holder", "guardian", "leader", "coordinator", "stranger")


class TestArchiveEndpoint(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        self.log = make_scene(self.portal)["log"]
        for user_id in ("archivist", "coordinator"):
            api.user.create(
                email=f"{user_id}@example.org", username=user_id, password=PASSWORD
            )
        api.group.add_user(groupname=ARCHIVIST_GROUP, username="archivist")
        api.group.add_user(groupname="bti-coordinators", username="coordinator")
        # Closing the log makes the copy when the transaction commits.
        self.log.close_reason = "goals_reached"
        with (
            mock.patch.object(render, "pdf", return_value=PDF),
            api.env.adopt_user(username="holder"),
        ):
            api.content.transition(obj=self.log, transition="close")
            transaction.commit()
        [self.copy] = store.copies(self.log.UID())
        self.url = f"{self.log.absolute_url()}/@archive"

    def call(self, method: str, url: str, user: str | None) -> requests.Response:
        auth = (user, PASSWORD) if user else None
        response = requests.request(
            method, url, auth=auth, headers=JSON, timeout=60, allow_redirects=False
        )
        self.addCleanup(response.close)
        return response

    def test_nobody_but_the_archivist_reaches_the_archive(self):
        copy_url = f"{self.url}/{self.copy['copy_id']}"
        for user in OTHERS:
            for method, url in (
                ("GET", self.url),
                ("GET", copy_url),
                ("POST", self.url),
            ):
                with self.subTest(user=user, method=method, url=url):
                    response = self.call(method, url, user)
                    self.assertIn(response.status_code, (401, 403, 404))
                    self.assertNotIn(self.copy["sha256"], response.text)
                    self.assertNotIn(b"%PDF", response.content)
        self.assertEqual(len(store.copies(self.log.UID())), 1)

    def test_the_archivist_lists_downloads_and_makes_copies(self):
        response = self.call("GET", self.url, "archivist")
        self.assertEqual(response.status_code, 200, response.text)
        [item] = response.json()["items"]
        self.assertEqual(item["event"], "closed")
        self.assertEqual(item["sha256"], self.copy["sha256"])
        self.assertEqual(
            item["file_name"], f"{self.log.getId()}-{self.copy['copy_id']}.pdf"
        )
        pdf = self.call("GET", item["@id"], "archivist")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertEqual(pdf.content, PDF)
        self.assertIn(self.log.getId(), pdf.headers["Content-Disposition"])
        for bad in ("closed-19990101-000000", "NOT-valid", "x/y", "%00"):
            with self.subTest(bad=bad):
                self.assertEqual(
                    self.call("GET", f"{self.url}/{bad}", "archivist").status_code, 404
                )
        made = self.call("POST", self.url, "archivist")
        self.assertEqual(made.status_code, 201, made.text)
        self.assertEqual(made.json()["event"], "manual")
        self.assertEqual(
            made.json()["size"],
            len(self.call("GET", made.json()["@id"], "archivist").content),
        )
        self.assertEqual(
            len(self.call("GET", self.url, "archivist").json()["items"]), 2
        )

    def test_the_archivists_page(self):
        page_url = f"{self.portal.absolute_url()}/@@archive-copies"
        page = requests.get(page_url, auth=("archivist", PASSWORD), timeout=60)
        self.addCleanup(page.close)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"{self.log.getId()}-{self.copy['copy_id']}.pdf", page.text)
        self.assertNotIn("Kari", page.text)
        # In the archivist's main menu, and where their login lands.
        self.assertIn('class="bti-archive nav-item"', page.text)
        archivist = api.user.get(userid="archivist")
        self.assertFalse(is_family_user(archivist))
        self.assertEqual(
            landing_url(archivist, None),
            f"{self.portal.absolute_url()}/@@archive-copies",
        )
        for user in ("holder", "coordinator", "stranger"):
            refused = requests.get(
                page_url, auth=(user, PASSWORD), timeout=60, allow_redirects=False
            )
            self.addCleanup(refused.close)
            self.assertIn(refused.status_code, (302, 401, 403), user)
            self.assertNotIn(self.copy["copy_id"], refused.text)
        front = requests.get(
            self.portal.absolute_url(), auth=("holder", PASSWORD), timeout=60
        )
        self.addCleanup(front.close)
        self.assertNotIn('class="bti-archive nav-item"', front.text)
