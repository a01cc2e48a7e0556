"""Services directory, measures overview and the annual wheel (with iCal)."""

from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from icalendar import Calendar
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import unittest


class ListingTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = api.content.create(self.portal, "Folder", title="Tjenester")

    def render(self, name, **form):
        self.request.form.clear()
        self.request.form.update(form)
        return self.folder.restrictedTraverse(name)()


class TestServicesDirectory(ListingTestCase):
    def test_lists_services_with_contact(self):
        api.content.create(
            self.folder,
            "Service",
            title="Helsestasjonen",
            phone="74 12 34 56",
            email="helse@example.org",
            levels=[0, 1],
        )
        html = self.render("@@services-directory")
        self.assertIn("Helsestasjonen", html)
        self.assertIn("tel:74 12 34 56", html)
        self.assertIn("mailto:helse@example.org", html)

    def test_filter_by_level(self):
        api.content.create(
            self.folder, "Service", title="Helsestasjonen", levels=[0, 1]
        )
        api.content.create(self.folder, "Service", title="Barnevernet", levels=[3])
        html = self.render("@@services-directory", level="3")
        self.assertIn("Barnevernet", html)
        self.assertNotIn("Helsestasjonen", html)

    def test_bad_filter_value_shows_all(self):
        api.content.create(self.folder, "Service", title="PPT", levels=[2])
        self.assertIn("PPT", self.render("@@services-directory", level="x"))

    def test_empty_state(self):
        self.assertIn("Ingen tjenester passer.", self.render("@@services-directory"))


class TestMeasuresOverview(ListingTestCase):
    def setUp(self):
        super().setUp()
        self.service = api.content.create(
            self.folder, "Service", title="Familiesenteret"
        )
        intids = getUtility(IIntIds)
        api.content.create(
            self.folder,
            "Measure",
            title="Foreldrekurs",
            risk_factor="family",
            age_from=0,
            age_to=6,
            service=RelationValue(intids.getId(self.service)),
        )
        api.content.create(
            self.folder,
            "Measure",
            title="Samtalegruppe",
            risk_factor="health",
            age_from=10,
            age_to=16,
        )
        api.content.create(
            self.folder, "Measure", title="Åpen hall", risk_factor="social"
        )

    def test_sorted_and_coloured_by_risk_factor(self):
        html = self.render("@@measures-overview")
        # Vocabulary order: health before social before family.
        self.assertLess(html.index("Samtalegruppe"), html.index("Åpen hall"))
        self.assertLess(html.index("Åpen hall"), html.index("Foreldrekurs"))
        self.assertIn("bti-risk-family", html)
        self.assertIn("Familie og foreldrerolle", html)

    def test_filter_by_age_keeps_measures_for_all_ages(self):
        html = self.render("@@measures-overview", age="4")
        self.assertIn("Foreldrekurs", html)
        self.assertIn("Åpen hall", html)  # no age range: for every age
        self.assertNotIn("Samtalegruppe", html)

    def test_filter_by_service(self):
        html = self.render("@@measures-overview", service=self.service.UID())
        self.assertIn("Foreldrekurs", html)
        self.assertNotIn("Samtalegruppe", html)


class TestAnnualWheel(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.wheel = api.content.create(self.portal, "AnnualWheel", title="Årshjul")
        api.content.create(
            self.wheel,
            "AnnualTask",
            title="Oppdater dokumentene",
            month_from=1,
            month_to=3,
            owner_role="Koordinator",
        )
        api.content.create(
            self.wheel,
            "AnnualTask",
            title="Kontroll av logger",
            month_from=5,
            month_to=10,
        )

    def test_quarters(self):
        quarters = self.wheel.restrictedTraverse("@@wheel-view").quarters()
        titles = [[t["brain"].Title for t in q["tasks"]] for q in quarters]
        self.assertEqual(titles[0], ["Oppdater dokumentene"])
        # A task spanning May–October shows in quarters 2, 3 and 4.
        self.assertEqual(titles[1], ["Kontroll av logger"])
        self.assertEqual(titles[2], ["Kontroll av logger"])
        self.assertEqual(titles[3], ["Kontroll av logger"])

    def test_view_renders_month_names(self):
        html = self.wheel.restrictedTraverse("@@wheel-view")()
        self.assertIn("januar–mars", html)

    def test_ical_parses(self):
        request = self.layer["request"]
        request.form["year"] = "2027"
        data = self.wheel.restrictedTraverse("@@wheel.ics")()
        self.assertIn("text/calendar", request.response.getHeader("Content-Type"))
        events = Calendar.from_ical(data).walk("VEVENT")
        self.assertEqual(len(events), 2)
        first = sorted(events, key=lambda e: e.decoded("dtstart"))[0]
        self.assertEqual(str(first["summary"]), "Oppdater dokumentene")
        self.assertEqual(first.decoded("dtstart").isoformat(), "2027-01-01")
        self.assertEqual(first.decoded("dtend").isoformat(), "2027-04-01")
        self.assertEqual(first["rrule"]["FREQ"], ["YEARLY"])

    def test_wheel_is_its_default_view(self):
        self.assertEqual(self.wheel.getLayout(), "wheel-view")
