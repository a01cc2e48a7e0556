"""The navigation portlet's HTML remembered for anonymous readers
(bti.portal.browser.portlets): a change to the content shows at once."""

from bti.portal.browser.portlets.navigation import NavigationRenderer
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.portlets.portlets import navigation
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.portlets.interfaces import IPortletManager
from plone.portlets.interfaces import IPortletRenderer
from zope.component import getMultiAdapter
from zope.component import getUtility

import unittest


class TestNavigationPortlet(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        guide = api.content.create(self.portal, "Guide", title="Rettleiar")
        self.level = api.content.create(guide, "GuideLevel", title="Nivå 1", level=1)
        self.step = self.add_step("Kartlegg", 1)
        for obj in (guide, self.level):
            api.content.transition(obj, to_state="published")

    def add_step(self, title, number):
        step = api.content.create(self.level, "GuideStep", title=title, number=number)
        api.content.transition(step, to_state="published")
        return step

    def portlet(self):
        manager = getUtility(IPortletManager, name="plone.leftcolumn")
        view = self.step.restrictedTraverse("@@view")
        assignment = navigation.Assignment(topLevel=1)
        renderer = getMultiAdapter(
            (self.step, self.request, view, manager, assignment), IPortletRenderer
        )
        renderer.update()
        return renderer

    def test_anonymous_readers_see_a_new_title_at_once(self):
        logout()
        renderer = self.portlet()
        self.assertIsInstance(renderer, NavigationRenderer)
        self.assertTrue(renderer.available)
        html = renderer.render()
        self.assertIn("Kartlegg", html)
        self.assertNotIn("Evaluer", html)
        self.assertEqual(self.portlet().render(), html)  # remembered
        login(self.portal, TEST_USER_NAME)
        self.level.title = "Evaluer og avslutt"
        self.level.reindexObject()
        logout()
        self.assertIn("Evaluer", self.portlet().render())

    def test_level_page_shows_a_new_step_at_once(self):
        """The level page's steps and neighbours, kept for anonymous readers
        under the same key (browser.anonymous_cache)."""
        logout()
        page = self.level.restrictedTraverse("@@view")
        html = page()
        self.assertIn("Kartlegg", html)
        self.assertEqual(self.level.restrictedTraverse("@@view")(), html)
        login(self.portal, TEST_USER_NAME)
        self.add_step("Evaluer tiltakene", 2)
        logout()
        self.assertIn("Evaluer tiltakene", self.level.restrictedTraverse("@@view")())
