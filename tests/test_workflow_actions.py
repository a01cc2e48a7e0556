"""Closing and reopening a log: one action for the pages and REST @workflow."""

from bti.portal.relaylog.workflow import actions
from bti.portal.vocabularies.logs import CLOSE_REASONS
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from tests.test_logs_sharing import RestTestCase


def last_comment(log) -> str:
    log._p_jar.sync()
    history = log.workflow_history["bti_relaylog_workflow"]
    return history[-1]["comments"]


class TestCloseAndReopenRest(RestTestCase):
    def close(self, **body):
        return self.call("POST", f"{self.url}/@workflow/close", "holder", json=body)

    def test_close_without_comment_records_the_reason_as_the_page_does(self):
        response = self.close(close_reason="goals_reached")
        self.assertEqual(response.status_code, 200, response.text)
        title = api.portal.translate(CLOSE_REASONS.getTerm("goals_reached").title)
        self.assertTrue(title)
        self.assertEqual(last_comment(self.log), title)

    def test_a_comment_of_ones_own_is_kept(self):
        response = self.close(close_reason="goals_reached", comment="  Done.  ")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(last_comment(self.log), "Done.")

    def test_reopen_clears_the_reason_as_the_page_does(self):
        self.assertEqual(self.close(close_reason="goals_reached").status_code, 200)
        response = self.call(
            "POST", f"{self.url}/@workflow/reopen", SITE_OWNER_NAME, json={}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.log._p_jar.sync()
        self.assertIsNone(self.log.close_reason)


class TestCloseAction(RestTestCase):
    def test_unknown_or_missing_reason_is_refused(self):
        for reason, code in (
            ("bored", "close_reason_unknown"),
            ("", "close_reason_missing"),
        ):
            with self.assertRaises(actions.Refused) as raised:
                actions.close(self.log, reason)
            self.assertEqual(raised.exception.codes, [code])
            self.assertIsNone(self.log.close_reason)
