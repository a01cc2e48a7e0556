"""Concurrent writers on one log over real HTTP: no 500, nothing lost.

20 client threads post LogMessage items through plone.restapi to the same
log as its holder. Every post must answer 201 and the log must hold exactly
the messages sent (count sent == stored).
"""

from bti.portal import textindex
from bti.portal.catalog import children
from bti.portal.content import ordering
from bti.portal.relaylog import create
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.testing.layers import PRODUCTION_CONFLICT_RETRIES
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from persistent.list import PersistentList
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.family_fixture import active_log
from tests.family_fixture import unit_with_holder
from zope.annotation.interfaces import IAnnotations

import requests
import transaction
import unittest


WRITERS = 20
PER_WRITER = 5


def post_messages(log_url: str, writer: int, count: int) -> list[int]:
    """``count`` messages from one writer on its own HTTP session."""
    statuses = []
    with requests.Session() as session:
        session.auth = ("holder", "secret-holder")
        session.headers["Accept"] = "application/json"
        for number in range(count):
            response = session.post(
                log_url,
                json={
                    "@type": "LogMessage",
                    "kind": "message",
                    "text": f"Skrivar {writer}, melding {number}.",
                },
                timeout=120,
            )
            statuses.append(response.status_code)
    return statuses


class TestConcurrentWritesOnOneLog(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        unit = unit_with_holder(self.portal)
        self.log = active_log(self.portal, unit, "holder")
        transaction.commit()

    def stored_messages(self) -> int:
        transaction.begin()  # see what the server threads committed
        return len([
            item for item in self.log.objectValues() if item.portal_type == "LogMessage"
        ])

    def test_twenty_writers_no_error_nothing_lost(self):
        before = self.stored_messages()
        url = self.log.absolute_url()
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            results = list(
                pool.map(
                    lambda writer: post_messages(url, writer, PER_WRITER),
                    range(WRITERS),
                )
            )
        statuses = [status for writer in results for status in writer]
        failed = [status for status in statuses if status != 201]
        self.assertEqual(failed, [], f"{len(failed)} of {len(statuses)} failed")
        self.assertEqual(self.stored_messages() - before, WRITERS * PER_WRITER)


class TestRetriesAsInProduction(unittest.TestCase):
    def test_test_server_retries_conflicts_as_the_instances_do(self):
        conf = Path(__file__).parent.parent / "scripts" / "instance" / "zope.conf.in"
        [line] = [
            line
            for line in conf.read_text().splitlines()
            if line.startswith("max-conflict-retries")
        ]
        self.assertEqual(int(line.split()[1]), PRODUCTION_CONFLICT_RETRIES)


class TestInsertionOrder(unittest.TestCase):
    """What the conflict-free writes keep: order of adding, legacy order,
    text search, and a container that an add does not write."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        unit = unit_with_holder(self.portal)
        self.log = active_log(self.portal, unit, "holder")

    def add_message(self, text: str = "Hei."):
        with api.env.adopt_user(username="holder"):
            return create(self.log, "LogMessage", kind="message", text=text)

    def test_items_keep_the_order_of_adding(self):
        before = list(self.log.objectIds())
        added = [self.add_message().getId() for _ in range(12)]
        self.assertEqual(list(self.log.objectIds()), before + added)
        self.assertIsNone(
            IAnnotations(self.log).get(ordering.LEGACY_ORDER_KEY),
            "no shared order list",
        )
        brains = children(self.log, "LogMessage")
        self.assertEqual([brain.getId for brain in brains], added)

    def test_legacy_order_list_is_kept_then_migrated(self):
        added = [self.add_message().getId() for _ in range(4)]
        present = list(self.log.objectIds())
        # A log from before: plone.folder's list, reversed, and no BTrees.
        legacy = PersistentList(reversed(present))
        IAnnotations(self.log)[ordering.LEGACY_ORDER_KEY] = legacy
        delattr(self.log, ordering.ATTRIBUTE)
        self.assertEqual(list(self.log.objectIds()), list(legacy))
        newer = self.add_message().getId()
        self.assertEqual(list(self.log.objectIds()), [*legacy, newer])
        self.assertEqual(ordering.migrate(self.log), len(present))
        self.assertEqual(list(self.log.objectIds()), [*legacy, newer])
        self.assertNotIn(ordering.LEGACY_ORDER_KEY, IAnnotations(self.log))
        self.assertIn(added[0], self.log.objectIds())

    def test_an_add_does_not_write_the_log(self):
        self.add_message()
        transaction.savepoint()
        stamp = self.log.modified()
        self.log._p_changed = False
        self.add_message()
        self.assertEqual(self.log.modified(), stamp)
        self.assertFalse(self.log._p_changed)

    def test_text_indexes_keep_a_tree_per_word(self):
        catalog = api.portal.get_tool("portal_catalog")
        for name in ("Title", "SearchableText", "Description"):
            okapi = catalog._catalog.getIndex(name).index
            self.assertIsInstance(okapi, textindex.ConflictFreeOkapiIndex, name)
        self.add_message()
        okapi = catalog._catalog.getIndex("Title").index
        self.assertFalse([v for v in okapi._wordinfo.values() if isinstance(v, dict)])
        # Text search still finds what the index holds.
        self.assertTrue(catalog.unrestrictedSearchResults(Title="K.N."))
