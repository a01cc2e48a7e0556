"""A log's dashboard dates (relaylog/dashboard/log_dates.py): the earliest open
activity deadline and the latest consent end, kept on the log's catalog entry
by the indexing-queue processor whatever changes the items, and filled for
existing logs by upgrade 1022."""

from bti.portal.relaylog import create
from bti.portal.relaylog.dashboard import log_dates
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.upgrades import v1022_log_dates
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.indexing import processQueue
from tests.test_views_logs import active_log
from tests.test_views_logs import add_consent
from tests.test_views_logs import set_up_people

import unittest


TODAY = date.today()


def days(count: int) -> date:
    return TODAY + timedelta(days=count)


class TestLogDates(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        school, _health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school, cooperation=())
        self.consent = add_consent(
            self.log, "cooperation", services=("ppt",), valid_until=days(10)
        )
        with api.env.adopt_user(username="holder"):
            self.goal = create(self.log, "Goal", area="home", title="Sove godt")
            self.early = create(
                self.goal, "Activity", title="Rutine", deadline=days(-7)
            )
            self.late = create(self.goal, "Activity", title="Senere", deadline=days(14))
            create(self.log, "LogMessage", text="Hei")
        self.catalog = api.portal.get_tool("portal_catalog")

    def indexed(self, index: str) -> date | None:
        """The log's value in ``index``, found by asking the catalog day by day."""
        for offset in range(-400, 400):
            found = self.catalog.unrestrictedSearchResults(
                UID=self.log.UID(),
                **{index: {"query": (days(offset), days(offset)), "range": "min:max"}},
            )
            if len(found):
                return days(offset)
        return None

    def test_earliest_open_deadline_follows_its_activities(self):
        self.assertEqual(self.indexed(log_dates.OPEN_DEADLINE), days(-7))
        self.early.status = "done"
        self.early.reindexObject()
        self.assertEqual(self.indexed(log_dates.OPEN_DEADLINE), days(14))
        api.content.delete(obj=self.late)
        self.assertIsNone(self.indexed(log_dates.OPEN_DEADLINE))

    def test_a_removed_goal_takes_its_deadlines(self):
        api.content.delete(obj=self.goal)
        self.assertIsNone(self.indexed(log_dates.OPEN_DEADLINE))

    def test_consent_end_follows_signing_and_withdrawal(self):
        self.assertEqual(self.indexed(log_dates.CONSENT_UNTIL), days(10))
        longer = add_consent(self.log, "cooperation", services=("ppt",))
        longer.valid_until = days(90)
        longer.reindexObject()
        self.assertEqual(self.indexed(log_dates.CONSENT_UNTIL), days(90))
        longer.withdrawn = TODAY
        longer.reindexObject()
        self.assertEqual(self.indexed(log_dates.CONSENT_UNTIL), days(10))

    def test_upgrade_fills_the_dates_of_existing_logs(self):
        processQueue()  # what this test made is in the catalog
        for name in log_dates.INDEXES:
            self.catalog._catalog.getIndex(name).clear()
        self.assertIsNone(self.indexed(log_dates.OPEN_DEADLINE))
        v1022_log_dates.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(self.indexed(log_dates.OPEN_DEADLINE), days(-7))
        self.assertEqual(self.indexed(log_dates.CONSENT_UNTIL), days(10))

    def test_only_goals_activities_and_consents_are_read(self):
        read = []
        original = log_dates._children

        def counting(container, kind):
            for item in original(container, kind):
                read.append(item.portal_type)
                yield item

        log_dates._children = counting
        self.addCleanup(setattr, log_dates, "_children", original)
        log_dates.open_deadline(self.log)
        log_dates.consent_until(self.log)
        self.assertEqual(
            sorted(set(read)), ["Activity", "Consent", "Goal"], "no message read"
        )
