"""Searching never writes: no transaction is committed and plone.protect
never has to abort one (under load an aborted write is a conflict)."""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import logging
import lxml.html
import requests
import transaction
import unittest


class CapturedRecords(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()}")


class TestSearchReadsOnly(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.db = self.layer["zodbDB"]
        self.records = CapturedRecords()
        logging.getLogger().addHandler(self.records)
        transaction.commit()

    def tearDown(self):
        logging.getLogger().removeHandler(self.records)

    def assertNoWrite(self, path, auth=None):
        before = self.db.lastTransaction()
        response = requests.get(
            f"{self.portal.absolute_url()}/{path}",
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self.db.lastTransaction(), before, path)
        aborted = [line for line in self.records.lines if "aborting" in line]
        self.assertEqual(aborted, [], path)

    def test_rest_search_writes_nothing(self):
        for auth in (None, (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)):
            with self.subTest(auth=bool(auth)):
                self.assertNoWrite("@search", auth)
                self.assertNoWrite("@search?SearchableText=stafettlogg", auth)
                self.assertNoWrite("@search?SearchableText=barnehage&b_size=5", auth)

    def test_guide_search_page_writes_nothing(self):
        for auth in (None, (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)):
            with self.subTest(auth=bool(auth)):
                self.assertNoWrite("@@guide-search?SearchableText=stafettlogg", auth)
                self.assertNoWrite("@@search?SearchableText=stafettlogg", auth)
                self.assertNoWrite("", auth)

    def test_no_token_in_the_address_of_a_search(self):
        """plone.protect adds its token to GET forms too: the address of a
        search would carry it (history, bookmarks, shared links, logs)."""
        for path in ("@@guide-search?SearchableText=stafettlogg", ""):
            with self.subTest(path=path):
                response = requests.get(
                    f"{self.portal.absolute_url()}/{path}",
                    auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
                    timeout=30,
                )
                tree = lxml.html.fromstring(response.text)
                searches = tree.xpath('//form[@method="get"]')
                self.assertTrue(searches)
                sent = [
                    form.get("action")
                    for form in searches
                    for field in form.xpath('.//input[@name="_authenticator"]')
                    if field.get("disabled") is None
                ]
                self.assertEqual(sent, [])
