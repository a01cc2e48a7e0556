"""Families meet no CMS, part two (issue 11).

- A guardian's user menu has no "Personal preferences" (staff keep it), and
  Plone's personal preferences and information send them to "Mine logger".
- No portlet columns (the navigation portlet) for families.
- The byline ("by admin", "last modified") only for staff.
- Edit forms of a log's items return to the log's page with a message in the
  site's language, also when cancelled.
- Ukrainian dates day.month.year.
"""

from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from tests.test_family_experience import FamilyHTTP
from zope.i18n import translate
from zope.i18nmessageid import Message

import lxml.html
import re
import transaction
import unittest


def links(html: str, menu: str | None = None) -> list[str]:
    """The links of the page, or of the element with the id ``menu``."""
    tree = lxml.html.fromstring(html)
    if menu is not None:
        tree = tree.get_element_by_id(menu)
    return [a.get("href") or "" for a in tree.iter("a")]


class TestPersonalPages(FamilyHTTP):
    def test_no_personal_preferences_in_the_guardians_menu(self):
        html = self.get(self.scene["mine"].absolute_url(), "guardian").text
        menu = links(html, "portal-membertools")
        self.assertTrue(any(link.endswith("/@@my-logs") for link in menu), menu)
        self.assertTrue(any("logout" in link for link in menu), menu)
        for link in links(html):
            self.assertNotIn("personal-preferences", link)
            self.assertNotIn("personal-information", link)
            self.assertNotIn("dashboard", link)

    def test_staff_keep_personal_preferences(self):
        html = self.get(self.scene["mine"].absolute_url(), "holder").text
        self.assertTrue(any("personal-preferences" in link for link in links(html)))
        url = f"{self.site_url}/@@personal-preferences"
        self.assertEqual(self.get(url, "holder").status_code, 200)

    def test_personal_pages_send_the_guardian_to_my_logs(self):
        for page in ("@@personal-preferences", "@@personal-information"):
            with self.subTest(page):
                response = self.get(
                    f"{self.site_url}/{page}", "guardian", allow_redirects=False
                )
                self.assertEqual(response.status_code, 302)
                self.assertEqual(
                    response.headers["Location"], f"{self.site_url}/@@my-logs"
                )

    def test_user_information_and_dashboard_refuse_the_guardian(self):
        for page in ("@@user-information", "dashboard", "@@dashboard"):
            with self.subTest(page):
                response = self.get(
                    f"{self.site_url}/{page}", "guardian", allow_redirects=False
                )
                self.assertIn(response.status_code, (302, 401, 403, 404))
                location = response.headers.get("Location", "")
                self.assertNotIn(page, location.split("?")[0])


class TestNoColumnsForFamilies(FamilyHTTP):
    def pages(self) -> list[str]:
        return [
            self.scene["mine"].absolute_url(),
            self.scene["goal"].absolute_url(),
            f"{self.site_url}/@@my-logs",
        ]

    def test_no_portlet_columns_for_the_guardian(self):
        for url in self.pages():
            with self.subTest(url):
                response = self.get(url, "guardian")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn('id="portal-column-one"', response.text)
                self.assertNotIn('id="portal-column-two"', response.text)
                self.assertNotIn("portletNavigationTree", response.text)

    def test_no_navigation_portlet_inside_a_log_for_staff(self):
        for url in (
            self.scene["mine"].absolute_url(),
            self.scene["goal"].absolute_url(),
        ):
            response = self.get(url, "holder")  # a log's pages are designed
            self.assertNotIn("portletNavigationTree", response.text)


class TestByline(FamilyHTTP):
    def test_no_byline_for_the_guardian(self):
        for url in (
            self.scene["mine"].absolute_url(),
            self.scene["goal"].absolute_url(),
        ):
            with self.subTest(url):
                self.assertNotIn('id="section-byline"', self.get(url, "guardian").text)

    def test_no_byline_for_readers(self):
        response = self.get(self.site_url, None)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('id="section-byline"', response.text)

    def test_staff_keep_the_byline(self):
        response = self.get(self.scene["mine"].absolute_url(), "holder")
        self.assertIn('id="section-byline"', response.text)

    def test_no_byline_in_a_listing_for_the_guardian(self):
        """Plone's folder listings drew "by admin — last modified" per item."""
        folder = api.content.create(self.portal, "Folder", id="forms", title="Skjema")
        api.content.create(folder, "Document", id="one", title="Et skjema")
        for obj in (folder, folder["one"]):
            api.content.transition(obj, "publish")
        folder.setLayout("summary_view")
        transaction.commit()
        url = folder.absolute_url()
        byline = re.compile(r"<span>\w* ?<a href=\"[^\"]*/author/")
        guardian = self.get(url, "guardian").text
        self.assertIn("Et skjema", guardian)
        self.assertIsNone(byline.search(guardian))
        self.assertIsNotNone(byline.search(self.get(url, "holder").text))


class TestEditFormsReturnToTheLog(FamilyHTTP):
    def test_save_returns_to_the_log_with_a_message(self):
        log = self.scene["mine"].absolute_url()
        goal = self.scene["goal"].absolute_url()
        response = self.submit(
            self.session("holder"), f"{goal}/edit", {"form.widgets.title": "Nytt mål"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.url.rstrip("/"), log)
        self.assertIn("Endringene dine er lagret.", response.text)
        self.assertNotIn("Endringer lagret", response.text)
        transaction.begin()
        self.assertEqual(self.scene["goal"].title, "Nytt mål")

    def test_cancel_returns_to_the_log_with_a_message(self):
        log = self.scene["mine"].absolute_url()
        for item in self.scene["mine"].objectValues():
            url = item.absolute_url()
            with self.subTest(item.portal_type):
                response = self.submit(
                    self.session("holder"), f"{url}/edit", {}, button="cancel"
                )
                self.assertEqual(response.url.rstrip("/"), log)
                self.assertIn("Ingenting ble endret.", response.text)


class TestUkrainianDates(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_day_month_year(self):
        for msgid, expected in (
            ("date_format_short", "${d}.${m}.${Y}"),
            ("date_format_long", "${d}.${m}.${Y} ${H}:${M}"),
        ):
            message = Message(msgid, domain="plonelocales")
            self.assertEqual(translate(message, target_language="uk"), expected)
