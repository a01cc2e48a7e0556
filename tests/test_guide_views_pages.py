"""Guide navigator, level and step views (integration: rendered in-process)."""

from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import unittest


class TestGuideViews(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.guide = api.content.create(self.portal, "Guide", title="Veileder")

    def add_level(self, number, title):
        return api.content.create(self.guide, "GuideLevel", title=title, level=number)

    def render(self, obj, name):
        return obj.restrictedTraverse(name)()

    def test_empty_guide_says_so(self):
        self.assertIn(
            "Veilederen har ingen nivåer ennå",
            self.render(self.guide, "@@guide-navigator"),
        )

    def test_levels_in_order_with_their_steps(self):
        zero = self.add_level(0, "Undring")
        self.add_level(4, "Individuell plan")
        api.content.create(zero, "GuideStep", title="Observer", number=1)
        api.content.create(zero, "GuideStep", title="Snakk med leder", number=2)
        html = self.render(self.guide, "@@guide-navigator")
        # Levels are named by their number (one set of names), not their title.
        self.assertLess(
            html.index("Nivå 0: Oppdage og avklare undring"),
            html.index("Individuell plan (IP)"),
        )
        self.assertLess(html.index("Observer"), html.index("Snakk med leder"))
        self.assertIn('data-badge="IP"', html)
        self.assertIn("Ingen steg ennå.", html)  # level 4 has none

    def test_level_zero_step_shows_the_site_deadline(self):
        api.portal.set_registry_record("bti.portal.level0_deadline_days", 21)
        step = api.content.create(
            self.add_level(0, "Undring"), "GuideStep", title="Avklar", number=1
        )
        self.assertIn("Innen 21 dager", self.render(step, "@@step-view"))

    def test_step_shows_own_deadline_on_other_levels(self):
        step = api.content.create(
            self.add_level(1, "Nivå 1"),
            "GuideStep",
            title="Evaluer",
            number=1,
            deadline_hint="innen 6 uker",
        )
        html = self.render(step, "@@step-view")
        self.assertIn("innen 6 uker", html)
        self.assertNotIn("Innen 28 dager", html)

    def test_step_lists_only_tools_the_user_may_see(self):
        public = api.content.create(self.portal, "Tool", title="Samtaleguide")
        private = api.content.create(self.portal, "Tool", title="Utkast til verktøy")
        api.content.transition(public, "publish")
        api.content.transition(self.guide, "publish")
        level = self.add_level(0, "Undring")
        api.content.transition(level, "publish")
        intids = getUtility(IIntIds)
        step = api.content.create(
            level,
            "GuideStep",
            title="Samtale",
            number=1,
            tools=[
                RelationValue(intids.getId(public)),
                RelationValue(intids.getId(private)),
            ],
        )
        api.content.transition(step, "publish")
        html = self.render(step, "@@step-view")
        self.assertIn("Utkast til verktøy", html)  # the manager sees both
        logout()
        html = self.render(step, "@@step-view")
        self.assertIn("Samtaleguide", html)
        self.assertNotIn("Utkast til verktøy", html)
        login(self.portal, TEST_USER_NAME)

    def test_previous_and_next_step(self):
        level = self.add_level(1, "Nivå 1")
        first = api.content.create(level, "GuideStep", title="Første", number=1)
        second = api.content.create(level, "GuideStep", title="Andre", number=2)
        self.assertIn('rel="next"', self.render(first, "@@step-view"))
        html = self.render(second, "@@step-view")
        self.assertIn('rel="prev"', html)
        self.assertNotIn('rel="next"', html)
