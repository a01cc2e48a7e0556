"""HTTP cache headers over the real WSGI server (bti.portal.caching).

A published guide page is cacheable by a proxy for anonymous readers (public
s-maxage, ETag) and purged on edit; logged in, under /logs, the personal views
and REST answers are never cacheable: ``private, no-store``.
"""

from bti.portal.relaylog import create
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from http.server import BaseHTTPRequestHandler
from http.server import HTTPServer
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.cachepurging.interfaces import IPurger
from tests.family_fixture import active_log
from tests.family_fixture import unit_with_holder
from tests.logs_fixture import add_user
from tests.logs_fixture import give
from zope.component import getUtility

import re
import requests
import threading
import time
import transaction
import unittest


SHARED = re.compile(r"s-maxage=[1-9]|public", re.IGNORECASE)


def stop_purge_threads():
    """plone.cachepurging's queue workers for this test's proxy."""
    getUtility(IPurger).stopThreads(wait=True)


def publish(obj):
    api.content.transition(obj=obj, transition="publish")
    return obj


class TestCacheHeaders(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        guide = publish(api.content.create(self.portal, "Guide", title="Veileder"))
        level = publish(
            api.content.create(guide, "GuideLevel", title="Nivå 1", level=1)
        )
        self.step = publish(
            api.content.create(level, "GuideStep", title="Samtale", number=1)
        )
        self.guide_pages = [guide, level, self.step]
        unit = unit_with_holder(self.portal)
        add_user("mor", staff=False)
        self.log = active_log(self.portal, unit, "holder", guardians=("mor",))
        give(self.log, "mor", "Guardian")
        with api.env.adopt_user(username="holder"):
            message = create(self.log, "LogMessage", kind="message", text="Hei.")
        self.log_paths = [
            self.portal["logs"].absolute_url(),
            self.log.absolute_url(),
            f"{self.log.absolute_url()}/@@log-view",
            message.absolute_url(),
            unit.absolute_url(),
            f"{self.portal['logs'].absolute_url()}/@@logs-overview",
            f"{self.portal.absolute_url()}/@@my-logs",
            f"{self.portal.absolute_url()}/@log-overview",
            f"{self.portal.absolute_url()}/@my-meetings",
        ]
        transaction.commit()

    def get(self, url, user=None, **headers):
        auth = (user, "secret-" + user) if user else None
        return requests.get(
            url, auth=auth, headers=headers, timeout=60, allow_redirects=False
        )

    def assertPrivate(self, response, what):
        cache_control = response.headers.get("Cache-Control", "")
        self.assertIn("no-store", cache_control, what)
        self.assertIn("private", cache_control, what)
        self.assertFalse(SHARED.search(cache_control), what)

    def test_anonymous_guide_page_is_cacheable_by_a_proxy(self):
        for page in self.guide_pages:
            response = self.get(page.absolute_url())
            self.assertEqual(response.status_code, 200, page.absolute_url())
            cache_control = response.headers.get("Cache-Control", "")
            self.assertRegex(cache_control, r"s-maxage=[1-9]", page.absolute_url())
            self.assertNotIn("private", cache_control)
            self.assertNotIn("no-store", cache_control)
            self.assertTrue(response.headers.get("ETag"), page.absolute_url())

    def test_logged_in_guide_page_is_private(self):
        for user in ("holder", "mor"):
            for page in self.guide_pages:
                response = self.get(page.absolute_url(), user)
                self.assertEqual(response.status_code, 200)
                self.assertPrivate(response, f"{user} {page.absolute_url()}")
        # The login cookie alone (even a stale one) is enough.
        response = requests.get(
            self.step.absolute_url(), cookies={"__ac": "stale"}, timeout=60
        )
        self.assertPrivate(response, "__ac cookie")

    def test_nothing_under_a_log_is_cacheable(self):
        for url in self.log_paths:
            for user in (None, "holder", "mor"):
                response = self.get(url, user)
                self.assertPrivate(response, f"{user} {url} {response.status_code}")

    def test_rest_is_never_cacheable(self):
        urls = [self.step.absolute_url(), *self.log_paths[:4]]
        for url in urls:
            for user in (None, "holder"):
                response = self.get(url, user, Accept="application/json")
                self.assertPrivate(response, f"REST {user} {url}")

    def test_an_edit_purges_the_guide_page(self):
        """An edit through REST sends PURGE for the page to the proxy target."""
        purges = []

        class Proxy(BaseHTTPRequestHandler):
            def do_PURGE(self):
                purges.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", 0), Proxy)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        self.addCleanup(stop_purge_threads)
        api.portal.set_registry_record(
            "plone.cachepurging.interfaces.ICachePurgingSettings.cachingProxies",
            (f"http://127.0.0.1:{server.server_port}",),
        )
        add_user("redaktor", staff=False)
        api.user.grant_roles(username="redaktor", roles=["Manager"])
        transaction.commit()
        response = requests.patch(
            self.step.absolute_url(),
            json={"title": "Samtale med foreldre"},
            auth=("redaktor", "secret-redaktor"),
            headers={"Accept": "application/json"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 204, response.text)
        path = "/".join(self.step.getPhysicalPath())
        for _ in range(50):
            if any(purged.startswith(path) for purged in purges):
                break
            time.sleep(0.1)
        self.assertTrue(any(p.startswith(path) for p in purges), purges)
