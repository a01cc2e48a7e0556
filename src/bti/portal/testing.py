"""Test layers. Every test site is created through the ``bti`` distribution.

- BTI_PORTAL_FIXTURE: Zope + Plone with this product, one site ``plone``
  made by the distribution (no demo content).
- DEMO_SITES_FIXTURE: on top of it, the three demo sites (byn, inderoy,
  sogndal) made from content/sites.json, as ``make start`` makes them.
- *_INTEGRATION_TESTING: transaction rolled back after each test.
- *_FUNCTIONAL_TESTING: a real WSGI server on loopback for HTTP tests.
"""

from bti.portal.distributions.demo import demo_sites
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_SITE_ID
from plone.app.testing import SITE_OWNER_NAME
from plone.distribution.api import site as site_api
from plone.distribution.testing.layer import PloneDistributionFixture
from plone.testing import Layer
from plone.testing import zodb
from plone.testing import zope
from plone.testing.zope import WSGI_SERVER_FIXTURE
from zope.globalrequest import setRequest

import os


# Message catalogs are compiled from the .po files when Zope loads them.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

DISTRIBUTION = "bti"

TEST_ANSWERS = {
    "site_id": PLONE_SITE_ID,
    "title": "BTI Testkommune",
    "description": "",
    "municipalities": ["Testkommune"],
    "default_language": "nb",
    "portal_timezone": "Europe/Oslo",
    "consent_age": 16,
    "level0_deadline_days": 28,
    "theme_colour": "#1d5d7a",
    "setup_content": False,
}


class BTIPortalFixture(PloneDistributionFixture):
    PACKAGE_NAME = "bti.portal"
    SITES = ((DISTRIBUTION, TEST_ANSWERS),)

    _distribution_products = (
        *PloneDistributionFixture._distribution_products,
        ("pas.plugins.oidc", {"loadZCML": False}),
    )


BTI_PORTAL_FIXTURE = BTIPortalFixture()


class DemoSitesLayer(Layer):
    """The demo sites, created with the public site API as make start does."""

    defaultBases = (BTI_PORTAL_FIXTURE,)

    def setUp(self):
        self["zodbDB"] = zodb.stackDemoStorage(
            self.get("zodbDB"), name="BTIDemoSites"
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

BTI_PORTAL_INTEGRATION_TESTING = IntegrationTesting(
    bases=(BTI_PORTAL_FIXTURE,), name="BTIPortal:Integration"
)
BTI_PORTAL_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(BTI_PORTAL_FIXTURE, WSGI_SERVER_FIXTURE), name="BTIPortal:Functional"
)
DEMO_SITES_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_SITES_FIXTURE,), name="BTIDemoSites:Integration"
)
DEMO_SITES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_SITES_FIXTURE, WSGI_SERVER_FIXTURE), name="BTIDemoSites:Functional"
)
