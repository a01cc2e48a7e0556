"""Test helpers of bti.portal: layers.py (the Plone and demo site layers,
mail, browser) and oidc.py (the real OpenID provider). Import from here.
"""

# Made by refactor_moves.py: re-exports, edit layers.py and oidc.py.
from bti.portal.testing.layers import BASELINE_SITES_FIXTURE
from bti.portal.testing.layers import BASELINE_SITES_FUNCTIONAL_TESTING
from bti.portal.testing.layers import BASELINE_USERS
from bti.portal.testing.layers import BrowserPage
from bti.portal.testing.layers import BTI_PORTAL_FIXTURE
from bti.portal.testing.layers import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing.layers import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing.layers import BTI_PORTAL_MAIL_FUNCTIONAL_TESTING
from bti.portal.testing.layers import BTI_PORTAL_MAIL_TESTING
from bti.portal.testing.layers import BTIPortalFixture
from bti.portal.testing.layers import CHROMIUM_ARGS
from bti.portal.testing.layers import chromium_path
from bti.portal.testing.layers import DEMO_SITES_BROWSER_TESTING
from bti.portal.testing.layers import DEMO_SITES_FIXTURE
from bti.portal.testing.layers import DEMO_SITES_FUNCTIONAL_TESTING
from bti.portal.testing.layers import DEMO_SITES_INTEGRATION_TESTING
from bti.portal.testing.layers import DemoSitesLayer
from bti.portal.testing.layers import DISTRIBUTION
from bti.portal.testing.layers import FOLLOWERS
from bti.portal.testing.layers import free_port
from bti.portal.testing.layers import Inbox
from bti.portal.testing.layers import SCREENSHOTS
from bti.portal.testing.layers import SMTP_SERVER_FIXTURE
from bti.portal.testing.layers import SMTPServerLayer
from bti.portal.testing.layers import TEST_ANSWERS
from bti.portal.testing.layers import use_smtp_server
from bti.portal.testing.layers import use_temp_audit_dir
from bti.portal.testing.layers import wait_for_port
from bti.portal.testing.layers import wait_until
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import OIDC_PROVIDER_FIXTURE


__all__ = [
    "BASELINE_SITES_FIXTURE",
    "BASELINE_SITES_FUNCTIONAL_TESTING",
    "BASELINE_USERS",
    "BTI_PORTAL_FIXTURE",
    "BTI_PORTAL_FUNCTIONAL_TESTING",
    "BTI_PORTAL_INTEGRATION_TESTING",
    "BTI_PORTAL_MAIL_FUNCTIONAL_TESTING",
    "BTI_PORTAL_MAIL_TESTING",
    "CHROMIUM_ARGS",
    "DEMO_SITES_BROWSER_TESTING",
    "DEMO_SITES_FIXTURE",
    "DEMO_SITES_FUNCTIONAL_TESTING",
    "DEMO_SITES_INTEGRATION_TESTING",
    "DISTRIBUTION",
    "FOLLOWERS",
    "OIDC_FUNCTIONAL_TESTING",
    "OIDC_PROVIDER_FIXTURE",
    "SCREENSHOTS",
    "SMTP_SERVER_FIXTURE",
    "TEST_ANSWERS",
    "BTIPortalFixture",
    "BrowserPage",
    "DemoSitesLayer",
    "Inbox",
    "SMTPServerLayer",
    "chromium_path",
    "free_port",
    "use_smtp_server",
    "use_temp_audit_dir",
    "wait_for_port",
    "wait_until",
]
