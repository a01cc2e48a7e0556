"""Test layers. Every test site is created through the ``bti`` distribution.

- BTI_PORTAL_FIXTURE: Zope + Plone with this product, one site ``plone``
  made by the distribution (no demo content).
- DEMO_SITES_FIXTURE: on top of it, the three demo sites (byn, inderoy,
  sogndal) made from content/sites.json, as ``make start`` makes them.
- BASELINE_SITES_FIXTURE: on top of BTI_PORTAL_FIXTURE, a small guide on
  ``plone`` (the baseline) and two sites that follow it (folge-a, folge-b).
- *_INTEGRATION_TESTING: transaction rolled back after each test.
- *_FUNCTIONAL_TESTING: a real WSGI server on loopback for HTTP tests.
"""

from bti.portal import mailqueue
from bti.portal.baseline.actions import sync
from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.demo import demo_sites
from bti.portal.distributions.handlers import DEFAULTS
from pathlib import Path
from playwright.sync_api import sync_playwright
from plone import api
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_SITE_ID
from plone.app.testing import SITE_OWNER_NAME
from plone.distribution.api import site as site_api
from plone.distribution.testing.layer import PloneDistributionFixture
from plone.testing import Layer
from plone.testing import zope
from plone.testing.zope import WSGI_SERVER_FIXTURE
from Products.CMFCore.indexing import processQueue
from ZODB.DB import DB
from ZODB.DemoStorage import DemoStorage
from zope.component.hooks import site as site_hook
from zope.globalrequest import setRequest
from ZPublisher.HTTPRequest import HTTPRequest

import atexit
import email
import email.policy
import mailbox
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import transaction


# Message catalogs are compiled from the .po files when Zope loads them.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

DISTRIBUTION = "bti"

# The distribution's defaults (a production-like site: no demo content).
TEST_ANSWERS = {
    **DEFAULTS,
    "site_id": PLONE_SITE_ID,
    "title": "BTI Testkommune",
    "municipalities": ["Testkommune"],
}


PRODUCTION_CONFLICT_RETRIES = 10


class BTIPortalFixture(PloneDistributionFixture):
    PACKAGE_NAME = "bti.portal"
    SITES = ((DISTRIBUTION, TEST_ANSWERS),)

    _distribution_products = (
        *PloneDistributionFixture._distribution_products,
        ("pas.plugins.oidc", {"loadZCML": False}),
    )

    def setUp(self):
        super().setUp()
        # As the instances are configured (max-conflict-retries 10 in
        # scripts/instance/zope.conf.in): the test server retries a write
        # that met a conflict as often as production does.
        self._retries = HTTPRequest.retry_max_count
        HTTPRequest.retry_max_count = PRODUCTION_CONFLICT_RETRIES

    def tearDown(self):
        HTTPRequest.retry_max_count = self._retries
        super().tearDown()


BTI_PORTAL_FIXTURE = BTIPortalFixture()


class DemoSitesLayer(Layer):
    """The demo sites, created with the public site API as make start does."""

    defaultBases = (BTI_PORTAL_FIXTURE,)

    def setUp(self):
        # A stacked DemoStorage as zodb.stackDemoStorage makes, but with a
        # cache that holds a whole demo site: with the default 400 objects,
        # the site manager is ghosted mid-import and cannot be reloaded when
        # CMFCore's index queue runs at the end of the commit (POSKeyError).
        base = self.get("zodbDB")
        self["zodbDB"] = DB(
            DemoStorage(name="BTIDemoSites", base=base.storage), cache_size=50_000
        )
        with zope.zopeApp() as app:
            setRequest(app.REQUEST)
            zope.login(app["acl_users"], SITE_OWNER_NAME)
            for answers in demo_sites():
                site_api.create(app, DISTRIBUTION, answers)
            zope.logout()
            setRequest(None)

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]


DEMO_SITES_FIXTURE = DemoSitesLayer()

# A baseline guide: one level with two steps, a folder of tools.
BASELINE_GUIDE = [
    {
        "type": "Guide",
        "id": "handlingsveileder",
        "title": "Handlingsveileder",
        "children": [
            {
                "type": "GuideLevel",
                "id": "niva-1",
                "title": "Nivå 1",
                "level": 1,
                "text": "<p>Tiltak i egen tjeneste.</p>",
                "children": [
                    {
                        "type": "GuideStep",
                        "id": "kartlegg",
                        "title": "Kartlegg",
                        "number": 1,
                        "what_to_do": "<p>Snakk med barnet og foreldrene.</p>",
                    },
                    {
                        "type": "GuideStep",
                        "id": "lag-plan",
                        "title": "Lag en plan",
                        "number": 2,
                        "what_to_do": "<p>Skriv mål og tiltak i stafettloggen.</p>",
                    },
                ],
            }
        ],
    },
    {
        "type": "Folder",
        "id": "verktoy",
        "title": "Verktøy",
        "children": [
            {
                "type": "Tool",
                "id": "observasjon",
                "title": "Observasjonsnotat",
                "text": "<p>Skriv ned hva du ser, ikke hva du tror.</p>",
            }
        ],
    },
]
FOLLOWERS = ("folge-a", "folge-b")
# Users on each of the three sites (password: the id).
BASELINE_USERS = {"redaktor": ["Editor", "Contributor"], "ansatt": ["Staff"]}


class BaselineSitesLayer(Layer):
    """``plone`` is a baseline guide that two sites follow, each synced once."""

    defaultBases = (BTI_PORTAL_FIXTURE,)

    def setUp(self):
        base = self.get("zodbDB")
        self["zodbDB"] = DB(
            DemoStorage(name="BTIBaselineSites", base=base.storage), cache_size=50_000
        )
        with zope.zopeApp() as app:
            setRequest(app.REQUEST)
            zope.login(app["acl_users"], SITE_OWNER_NAME)
            for site_id in FOLLOWERS:
                answers = {**TEST_ANSWERS, "site_id": site_id, "title": site_id}
                site_api.create(app, DISTRIBUTION, answers)
            # Site creation begins a new transaction: content comes after.
            with site_hook(app[PLONE_SITE_ID]):
                create_tree(app[PLONE_SITE_ID], BASELINE_GUIDE)
                add_users()
                api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
                processQueue()  # index now, while this site is the current one
            for site_id in FOLLOWERS:
                site = app[site_id]
                with site_hook(site):
                    api.portal.set_registry_record(
                        "bti.portal.baseline_site", PLONE_SITE_ID
                    )
                    api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
                    add_users()
                    sync(site)
                    processQueue()
            # zopeApp() would swallow an error of its own commit.
            transaction.commit()
            zope.logout()
            setRequest(None)

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]


def add_users() -> None:
    for userid, roles in BASELINE_USERS.items():
        api.user.create(
            email=f"{userid}@example.org", username=userid, password=f"{userid}-pw1"
        )
        api.user.grant_roles(username=userid, roles=roles)


BASELINE_SITES_FIXTURE = BaselineSitesLayer()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServerLayer(Layer):
    """A real SMTP server process (aiosmtpd) on loopback, delivering into a
    Maildir that ``self["smtp"]`` reads."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="bti-smtp-")
        maildir = os.path.join(self.folder, "maildir")
        mailbox.Maildir(maildir, create=True)
        port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                maildir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(port)
        self["smtp"] = Inbox(maildir)
        self["smtp_port"] = port

    def tearDown(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
        del self["smtp"], self["smtp_port"]


def wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Inbox:
    """The messages the SMTP server process has delivered."""

    def __init__(self, folder: str):
        self.maildir = mailbox.Maildir(folder, factory=None)

    @property
    def messages(self) -> list:
        """Once the test run's mail queue is empty (bti.portal.mailqueue: the
        sending thread took every queued mail), what the server has."""
        wait_for_mail_queue()
        return self.delivered()

    def delivered(self) -> list:
        return [
            email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
            for _key, message in sorted(
                self.maildir.items(), key=lambda kv: kv[1].get_date()
            )
        ]

    def clear(self) -> None:
        """Nothing delivered, nothing queued: what is queued is delivered
        first (else a mail being sent now would arrive after the clear); what
        cannot be (the server is down) is dropped."""
        try:
            wait_for_mail_queue(seconds=10)
        except AssertionError:
            clear_mail_queue()
        self.maildir.clear()


SMTP_SERVER_FIXTURE = SMTPServerLayer()


def clear_mail_queue() -> None:
    root = mailqueue.queue_root()
    for folder in root.glob("*/*") if root.is_dir() else ():
        for path in folder.iterdir() if folder.name in ("new", "cur") else ():
            path.unlink(missing_ok=True)


def wait_until(condition, seconds: float = 15, what: str = "condition"):
    """``condition()``'s first true answer, asked every 50 ms."""
    deadline = time.monotonic() + seconds
    while not (answer := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {seconds} s")
        time.sleep(0.05)
    return answer


def wait_for_mail_queue(seconds: float = 30) -> None:
    """Until no mail of any site waits in the test run's mail queue."""
    root = mailqueue.queue_root()
    deadline = time.monotonic() + seconds
    while True:
        sites = [path.name for path in root.iterdir()] if root.is_dir() else []
        waiting = sum(mailqueue.pending(site_id) for site_id in sites)
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{waiting} mails still queued after {seconds} s")
        time.sleep(0.05)


def use_smtp_server(portal, port: int) -> None:
    """Point a site's mail settings at the loopback SMTP server.

    Plone's mailer reads the registry (plone.smtp_*), not the MailHost's own
    attributes (Products.CMFPlone.patches.sendmail)."""
    registry = portal.portal_registry
    registry["plone.smtp_host"], registry["plone.smtp_port"] = "127.0.0.1", port
    registry["plone.email_from_address"] = "bti@example.org"
    registry["plone.email_from_name"] = "BTI"


BTI_PORTAL_INTEGRATION_TESTING = IntegrationTesting(
    bases=(BTI_PORTAL_FIXTURE,), name="BTIPortal:Integration"
)
BTI_PORTAL_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(BTI_PORTAL_FIXTURE, WSGI_SERVER_FIXTURE), name="BTIPortal:Functional"
)
DEMO_SITES_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_SITES_FIXTURE,), name="BTIDemoSites:Integration"
)
BTI_PORTAL_MAIL_TESTING = IntegrationTesting(
    bases=(BTI_PORTAL_FIXTURE, SMTP_SERVER_FIXTURE), name="BTIPortal:Mail"
)
BTI_PORTAL_MAIL_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(BTI_PORTAL_FIXTURE, SMTP_SERVER_FIXTURE), name="BTIPortal:MailFunctional"
)
DEMO_SITES_BROWSER_TESTING = FunctionalTesting(
    bases=(WSGI_SERVER_FIXTURE, SMTP_SERVER_FIXTURE, DEMO_SITES_FIXTURE),
    name="BTIDemoSites:Browser",
)
BASELINE_SITES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(BASELINE_SITES_FIXTURE, WSGI_SERVER_FIXTURE),
    name="BTIBaselineSites:Functional",
)
DEMO_SITES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(WSGI_SERVER_FIXTURE, DEMO_SITES_FIXTURE), name="BTIDemoSites:Functional"
)


# Browser tests: Debian's Chromium, never a downloaded browser.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Screenshots land here for people to look at (make test runs from the top).
SCREENSHOTS = Path(os.environ.get("BTI_SCREENSHOTS", "test-output"))


def chromium_path() -> str:
    binary = shutil.which("chromium")
    if binary is None:
        raise AssertionError("Chromium is missing: apt-get install chromium")
    return binary


class BrowserPage:
    """A Playwright page in headless Chromium; ``close()`` when done."""

    def __init__(self, **page_options):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        # A Norwegian browser unless a test says otherwise: families read in
        # their browser's language (Accept-Language) until they choose one.
        page_options.setdefault("locale", "nb-NO")
        self.page = self.browser.new_page(**page_options)
        self.page.set_default_timeout(30_000)

    def shot(self, name: str, full_page: bool = False) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


def use_temp_audit_dir(test) -> Path:
    """A fresh audit folder (BTI_AUDIT_DIR) for one test, removed after it.

    Requests to a log append audit records; without this, functional tests
    write them under the test instance's clienthome."""
    folder = Path(tempfile.mkdtemp(prefix="bti-audit-"))
    previous = os.environ.get("BTI_AUDIT_DIR")
    os.environ["BTI_AUDIT_DIR"] = str(folder)

    def restore():
        if previous is None:
            os.environ.pop("BTI_AUDIT_DIR", None)
        else:
            os.environ["BTI_AUDIT_DIR"] = previous
        shutil.rmtree(folder, ignore_errors=True)

    test.addCleanup(restore)
    return folder


# Mail of test requests is queued in a folder of this test run and sent at once.
if not os.environ.get(mailqueue.ENV_DIR):
    _MAIL_RUN_DIR = tempfile.mkdtemp(prefix="bti-mailqueue-run-")
    os.environ[mailqueue.ENV_DIR] = _MAIL_RUN_DIR
    os.environ.setdefault(mailqueue.ENV_INTERVAL, "0.1")
    atexit.register(shutil.rmtree, _MAIL_RUN_DIR, ignore_errors=True)

# Audit records of test requests go to a folder of this test run, never into
# the test instance's clienthome; use_temp_audit_dir isolates one test further.
if not os.environ.get("BTI_AUDIT_DIR"):
    _AUDIT_RUN_DIR = tempfile.mkdtemp(prefix="bti-audit-run-")
    os.environ["BTI_AUDIT_DIR"] = _AUDIT_RUN_DIR
    atexit.register(shutil.rmtree, _AUDIT_RUN_DIR, ignore_errors=True)
