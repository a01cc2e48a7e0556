"""Log, item and concern forms show no Plone versioning settings
(browser/widgets/no_versioning.py): no "Versioning enabled", no "Change
note", no "Settings" tab for staff."""

from bti.portal.relaylog import create
from plone import api
from tests.test_logs_decisions import add_concern
from tests.test_views_logs import LogViewTestCase


MARKERS = ("IVersionable", "changeNote", "versioning_enabled")


class TestFormsWithoutVersioning(LogViewTestCase):
    def assertNoVersioning(self, html: str, where: str) -> None:
        self.assertIn("<form", html, where)
        for marker in MARKERS:
            self.assertNotIn(marker, html, where)

    def test_log_item_and_concern_forms(self):
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="home", title="Sove godt")
        concern = add_concern(self.portal, self.school, "holder", title="A.B.")
        pages = [
            (self.log, "@@edit"),
            (self.log, "++add++Goal"),
            (goal, "@@edit"),
            (goal, "++add++Activity"),
            (self.portal["logs"], "++add++RelayLog"),
            (concern, "@@edit"),
            (self.portal["logs"], "++add++Concern"),
        ]
        for context, name in pages:
            with self.subTest(name=name, context=context.portal_type):
                self.request.form.clear()
                html = context.restrictedTraverse(name)()  # as a Manager
                self.assertNoVersioning(html, f"{context.portal_type}/{name}")
