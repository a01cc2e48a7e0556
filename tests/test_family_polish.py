"""Polish after a browser walk of the family pages (issue 11).

- An item's page names the guardians who signed a consent by their full
  names, and writes days with four-digit years, as the log's page does.
- A young person on their own log reads words meant for them, not for a
  parent.
- A form error on a Norwegian page says so in Norwegian.
- Plone's author page refuses families (to "Mine logger"); staff keep it.
"""

from bti.portal.dates import day_text
from datetime import date
from plone import api
from tests.test_family_experience import FamilyHTTP

import lxml.html
import transaction


def _text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


class TestItemPages(FamilyHTTP):
    def test_consent_page_names_signers_and_writes_the_whole_year(self):
        consent = next(
            item
            for item in self.scene["mine"].objectValues()
            if item.portal_type == "Consent"
        )
        for user in ("guardian", "holder"):
            with self.subTest(user):
                response = self.get(consent.absolute_url(), user)
                self.assertEqual(response.status_code, 200)
                text = _text(response.text)
                self.assertIn("Gro Guardian", text)
                self.assertNotIn("guardian, Far", text)
                self.assertIn(str(date.today().year), text)
                self.assertNotIn(date.today().strftime("%d.%m.%y"), text)

    def test_activity_deadline_with_four_digit_year(self):
        own = self.scene["own"]
        own.deadline = date(2026, 11, 26)
        transaction.commit()
        text = _text(self.get(own.absolute_url(), "guardian").text)
        self.assertIn("26. november 2026", text)
        self.assertNotIn("26.11.26", text)
        self.assertEqual(day_text(date(2026, 11, 26)), "26. november 2026")


class TestYoungPersonsWords(FamilyHTTP):
    def test_own_log_speaks_to_the_young_person(self):
        text = _text(self.get(self.scene["young"].absolute_url(), "young").text)
        self.assertIn("Ditt fulle navn", text)
        self.assertNotIn("Barnets fulle navn", text)

    def test_guardian_still_reads_the_childs_name(self):
        text = _text(self.get(self.scene["mine"].absolute_url(), "guardian").text)
        self.assertIn("Barnets fulle navn", text)

    def test_my_logs_intro_for_the_young_person(self):
        url = f"{self.site_url}/@@my-logs"
        young = _text(self.get(url, "young").text)
        self.assertNotIn("barnet ditt", young)
        self.assertIn("din logg", young)
        self.assertIn("barnet ditt", _text(self.get(url, "guardian").text))


class TestErrorPrefix(FamilyHTTP):
    def test_error_prefix_is_norwegian(self):
        for language in ("nb", "nn", "ar", "uk"):
            with self.subTest(language):
                for msgid, english in (
                    ("statusmessage_mtype_error", "Error:"),
                    ("Error", "Error"),
                ):
                    found = api.portal.translate(msgid, domain="plone", lang=language)
                    self.assertNotIn(found, (english, msgid))


class TestAuthorPage(FamilyHTTP):
    def test_families_are_sent_to_my_logs(self):
        url = f"{self.site_url}/author/holder"
        for user in ("guardian", "young"):
            with self.subTest(user):
                response = self.get(url, user, allow_redirects=False)
                self.assertIn(response.status_code, (301, 302, 303))
                self.assertTrue(
                    response.headers["Location"].endswith("/@@my-logs"),
                    response.headers["Location"],
                )

    def test_staff_keep_the_author_page(self):
        response = self.get(f"{self.site_url}/author/holder", "helper")
        self.assertEqual(response.status_code, 200)
        self.assertIn("author", response.url)


class TestSigningPage(FamilyHTTP):
    def test_valid_until_as_on_the_log_page(self):
        waiting = self.scene["waiting"]
        waiting.valid_until = date(2027, 1, 5)
        transaction.commit()
        text = _text(
            self.get(f"{waiting.absolute_url()}/@@sign-consent", "guardian").text
        )
        self.assertIn("5. januar 2027", text)
        self.assertNotIn("2027-01-05", text)
