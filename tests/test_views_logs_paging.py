"""The log's page shows the newest 20 messages and history entries, with plain
links (no JavaScript) to older ones; bad paging input is a 400."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.upgrades import v1025_message_order
from DateTime import DateTime
from html import unescape
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import re
import requests
import transaction
import unittest


MESSAGE = re.compile(r"Melding nr\. (\d+)\b")
OLDER = re.compile(r'class="[^"]*bti-older[^"]*"\s+href="([^"]+)"')
NEWER = re.compile(r'class="[^"]*bti-newer[^"]*"\s+href="([^"]+)"')


class TestLogPaging(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school)
        give(self.log, "nurse", p.PARTICIPANT)
        with api.env.adopt_user(username="holder"):
            for number in range(60):
                create(
                    self.log, "LogMessage", kind="message", text=f"Melding nr. {number}"
                )
        wftool = api.portal.get_tool("portal_workflow")
        (chain,) = wftool.getChainFor(self.log)
        entries = list(self.log.workflow_history[chain])
        for number in range(25):
            entries.append({
                **entries[-1],
                "time": DateTime() - (25 - number) / 24.0,
                "comments": f"Notat {number}",
            })
        self.log.workflow_history[chain] = tuple(entries)
        self.history_total = len(entries)
        transaction.commit()
        self.url = self.log.absolute_url()

    def get(self, url, user="holder"):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(url, auth=auth, timeout=60, allow_redirects=False)
        self.addCleanup(response.close)
        return response

    def messages(self, html: str) -> set[int]:
        return {int(number) for number in MESSAGE.findall(html)}

    def test_newest_by_moment_then_by_place(self):
        """Messages dated earlier (imported, demo) go below the newer ones;
        those of the same moment stay in the order they were added."""
        catalog = api.portal.get_tool("portal_catalog")
        yesterday = DateTime() - 1
        for brain in catalog.unrestrictedSearchResults(
            portal_type="LogMessage", path="/".join(self.log.getPhysicalPath())
        ):
            message = brain._unrestrictedGetObject()
            if MESSAGE.search(message.text).group(1) in ("58", "59"):
                message.creation_date = yesterday
                message.reindexObject(idxs=["created", "bti_message_order"])
        transaction.commit()
        first = [int(n) for n in MESSAGE.findall(self.get(self.url).text)]
        self.assertEqual(first, list(range(57, 37, -1)))
        last = self.get(f"{self.url}?b_start=40").text
        self.assertEqual(
            [int(n) for n in MESSAGE.findall(last)], [*range(17, -1, -1), 59, 58]
        )

    def test_upgrade_1025_indexes_the_messages_there(self):
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex(v1025_message_order.INDEX)
        v1025_message_order.upgrade(api.portal.get_tool("portal_setup"))
        index = catalog._catalog.getIndex(v1025_message_order.INDEX)
        messages = catalog.unrestrictedSearchResults(portal_type="LogMessage")
        self.assertEqual(index.numObjects(), len(messages))
        self.assertGreaterEqual(len(messages), 60)
        transaction.commit()
        shown = self.messages(self.get(self.url).text)
        self.assertEqual(shown, set(range(40, 60)))

    def test_newest_twenty_then_older_by_plain_links(self):
        first = self.get(self.url)
        self.assertEqual(first.status_code, 200)
        shown = self.messages(first.text)
        self.assertEqual(len(shown), 20)
        self.assertIn(59, shown)  # the newest
        self.assertEqual(len(re.findall(r"bti-history-entry", first.text)), 20)
        self.assertIsNone(NEWER.search(first.text.split("bti-log-consents")[0]))
        older = unescape(OLDER.search(first.text).group(1))
        self.assertIn("b_start=20", older)
        self.assertTrue(older.endswith("#bti-log-messages"))

        second = self.get(older.split("#")[0])
        self.assertEqual(second.status_code, 200)
        self.assertEqual(len(self.messages(second.text)), 20)
        self.assertFalse(shown & self.messages(second.text))
        third = self.get(unescape(OLDER.search(second.text).group(1)).split("#")[0])
        seen = shown | self.messages(second.text) | self.messages(third.text)
        self.assertEqual(seen, set(range(60)))
        messages_part = third.text.split("bti-log-consents")[0]
        self.assertIsNone(OLDER.search(messages_part))  # the oldest page
        self.assertIn("b_start=20", unescape(NEWER.search(messages_part).group(1)))
        # Everything else on the page is still there.
        for marker in ("bti-log-header", "bti-log-goals", "bti-log-consents"):
            self.assertIn(marker, third.text)

    def test_older_history_entries(self):
        page = self.get(f"{self.url}?history_start=20")
        self.assertEqual(page.status_code, 200)
        history = page.text.split("bti-log-history", 1)[1]
        # 25 added to the log's own: the rest after the newest 20.
        self.assertGreater(self.history_total, 20)
        self.assertEqual(
            len(re.findall(r"bti-history-entry", history)), self.history_total - 20
        )
        self.assertIn("Hanne Holder", history)
        self.assertIsNone(OLDER.search(history))
        self.assertIsNotNone(NEWER.search(history))

    def test_participant_pages_too_and_refusals_stay(self):
        page = self.get(f"{self.url}?b_start=40", "nurse")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.messages(page.text), set(range(20)))  # the oldest
        for user in (None, "stranger", "boss"):
            refused = self.get(f"{self.url}?b_start=20", user)
            self.assertIn(refused.status_code, (302, 401, 403), user)
            self.assertNotIn(CHILD_NAME, refused.text)
            self.assertNotIn("Melding nr.", refused.text)

    def test_bad_start_is_a_400(self):
        for query in ("b_start=abc", "b_start=-20", "history_start=x"):
            with self.subTest(query):
                page = self.get(f"{self.url}?{query}")
                self.assertEqual(page.status_code, 400)
                self.assertNotIn(CHILD_NAME, page.text)
