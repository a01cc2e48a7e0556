"""The reader pages of every guide type and the front page, over HTTP.

Each page shows a reader what they need (title, summary, body, facts in
words, the file as a download) and nothing of the CMS; the page is the same
for anonymous readers, staff and editors (editors keep Plone's toolbar).
"""

from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.component.hooks import site as site_hook

import re
import requests
import transaction
import unittest


PASSWORD = "bti-demo"
READERS = {
    "anonymous": None,
    "staff": ("ansatt", PASSWORD),
    "editor": ("redaktor", PASSWORD),
}
# What Plone's default view, byline and settings fieldset put on a page.
CMS_MARKERS = (
    "Innstillinger",
    "Identifikator",
    "Versioning enabled",
    "Ingen fil",
    "documentByLine",
    "sist endret",
    "Sist endret",
    "form-widgets-",
    "formfield-",
    "Fra alder",
    "Til alder",
)
GUIDE = "byn/handlingsveileder"


def main_content(html: str) -> str:
    """The page's content column: between the main navigation and the footer."""
    start = html.index('id="portal-column-content"')
    end = html.index('id="portal-footer', start)
    return html[start:end]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class GuidePagesCase(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING

    def url(self, path: str) -> str:
        return f"http://localhost:{self.layer['port']}/{path}"

    def get(self, path: str, who: str = "anonymous") -> requests.Response:
        response = requests.get(self.url(path), auth=READERS[who], timeout=60)
        self.assertEqual(response.status_code, 200, f"{path} as {who}")
        return response

    def page(self, path: str, who: str = "anonymous") -> tuple[str, str]:
        """(the whole page, the text of its content column)."""
        html = self.get(path, who).text
        return html, text_of(main_content(html))

    def assert_reader_page(self, path: str, *expected: str) -> dict[str, str]:
        """The page as each reader sees it: ``expected`` texts, no CMS marker,
        the same content for readers; only the editor may edit."""
        texts = {}
        for who in READERS:
            with self.subTest(path=path, who=who):
                html, text = self.page(path, who)
                content = main_content(html)
                for wanted in expected:
                    self.assertIn(wanted, text)
                for marker in CMS_MARKERS:
                    self.assertNotIn(marker, content)
                # Editors keep Plone's toolbar with its edit form.
                self.assertEqual(
                    'id="contentview-edit"' in html, who == "editor", "Edit"
                )
                texts[who] = text
        self.assertEqual(texts["anonymous"], texts["staff"])
        return texts


class TestTypePages(GuidePagesCase):
    def test_tool(self):
        site = self.layer["app"]["byn"]
        with site_hook(site), api.env.adopt_roles(["Manager"]):
            tool = site["verktoy"]["observasjonsnotat"]
            tool.file = NamedBlobFile(
                data=b"%PDF-1.4 " + b"x" * (3072 - 9), filename="observasjonsnotat.pdf"
            )
        transaction.commit()
        texts = self.assert_reader_page(
            "byn/verktoy/observasjonsnotat",
            "Observasjonsnotat",
            "Et enkelt skjema for å beskrive det du ser",  # summary
            "Når og hvor:",  # body
            "0–18 år",  # ages in words
            "Ansatte",  # target group
            "Nivå 0: Oppdage og avklare undring",
            "Last ned observasjonsnotat.pdf",
            "(PDF, 3.0 KB)",
            "Brukes i veilederen",
            "Observer og beskriv undringen",  # the step that uses it
        )
        self.assertIn("Steg 1", texts["anonymous"])
        html = self.get("byn/verktoy/observasjonsnotat").text
        self.assertIn("/@@download/file/observasjonsnotat.pdf", html)
        # Plone's own "view" is the same designed page.
        _html, text = self.page("byn/verktoy/observasjonsnotat/view")
        self.assertIn("0–18 år", text)
        self.assertNotIn("Innstillinger", text)

    def test_tool_without_file_says_nothing_of_one(self):
        _html, text = self.page("byn/verktoy/samtale-med-ungdom")
        self.assertNotIn("Last ned", text)
        self.assertNotIn("Ingen fil", text)

    def test_routine(self):
        texts = self.assert_reader_page(
            "byn/rutiner/rutine-for-samtykke",
            "Rutine for samtykke i BTI-arbeidet",
            "De tre samtykkene",  # summary
            "Tre typer samtykke",  # body
            "Versjon",
            "Godkjent av",
            "Neste revisjon",
            "Hvem følger rutinen, og når",
            "Nivå 1: Innsats i egen tjeneste · Steg 1",
            "Lovhenvisninger",
        )
        # The cycle (state, authors, controllers) is for editors only.
        html = self.get("byn/rutiner/rutine-for-samtykke").text
        self.assertNotIn("bti-routine-state", html)
        self.assertIn("Publisert", texts["editor"])

    def test_service(self):
        html, _text = self.page("byn/tjenester/helsestasjon")
        self.assertIn('href="tel:74 12 34 56"', html)
        self.assertIn('href="mailto:helsestasjon@example.org"', html)
        texts = self.assert_reader_page(
            "byn/tjenester/helsestasjon",
            "Helsestasjon og skolehelsetjeneste",
            "Kontakt",
            "Åpningstider",
            "Hva tjenesten tilbyr",
            "Deltar på",
            "Nivå 3: Omfattende tverrfaglig samarbeid",
            "Tiltak fra denne tjenesten",
            "Foreldreveiledning i gruppe",
        )
        # A service has no body text: never the site's front text by acquisition.
        self.assertNotIn("Tidlig hjelp, sammen med familien", texts["anonymous"])

    def test_measure(self):
        self.assert_reader_page(
            "byn/tiltak/vennegruppe",
            "Vennegruppe",
            "Trening i samspill",  # summary
            "En liten gruppe elever",  # body
            "Venner og sosialt liv",  # risk factor
            "8–13 år",
            "Barn eller ungdom",
            "For noen",
            "Ansvarlig tjeneste",
            "Grunnskolene",
        )

    def test_step(self):
        texts = self.assert_reader_page(
            f"{GUIDE}/niva-1/evalueringsmote",
            "Evalueringsmøte",
            "Nivå 1: Innsats i egen tjeneste · Steg 4",
            "Hvem har ansvaret",
            "Frist",
            "Verktøy",
            "Guide for evalueringsmøtet",
        )
        self.assertIn("Sett mål og sett i gang tiltak", texts["anonymous"])  # prev

    def test_level_steps_in_order(self):
        texts = self.assert_reader_page(
            f"{GUIDE}/niva-1",
            "Nivå 1: Innsats i egen tjeneste",
            "Formål",
            "Hvem deltar",
            "Steg",
        )
        text = texts["anonymous"]
        steps = [
            "Utpek stafettholder og innhent samtykke",
            "Opprett loggen og skap felles forståelse",
            "Sett mål og sett i gang tiltak",
            "Evalueringsmøte",
            "Fortsette, avslutte eller endre nivå",
        ]
        positions = [text.index(step) for step in steps]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("Nivå 2: Tverrfaglig samarbeid →", text)

    def test_annual_task(self):
        self.assert_reader_page(
            "byn/arshjul/gjennomga-og-oppdatere-dokumentene-pa-nettsiden",
            "Gjennomgå og oppdatere dokumentene på nettsiden",
            "Når",
            "januar–mars",
            "Hvem har ansvaret",
            "Se hele årshjulet",
        )

    def test_navigator_names_levels_as_everywhere(self):
        self.assert_reader_page(
            GUIDE,
            "Handlingsveileder",
            "Nivå 0: Oppdage og avklare undring",
            "Nivå 1: Innsats i egen tjeneste",
            "Individuell plan (IP)",
        )

    def test_nynorsk_pages(self):
        _html, text = self.page("sogndal/handlingsrettleiar/niva-1")
        self.assertIn("Nivå 1: Innsats i eiga teneste", text)
        _html, text = self.page("sogndal/verktoy/observasjonsnotat")
        self.assertIn("Blir brukt i rettleiaren", text)


class TestFrontPage(GuidePagesCase):
    def links(self, html: str) -> set[str]:
        return set(re.findall(r'href="([^"]+)"', main_content(html)))

    def test_anonymous_reader(self):
        html, text = self.page("byn")
        links = self.links(html)
        base = self.url("byn")
        self.assertIn(f"{base}/handlingsveileder", links)
        self.assertIn(f"{base}/handlingsveileder/niva-0", links)
        self.assertIn(f"{base}/familie", links)
        self.assertIn(f"{base}/login", links)
        self.assertNotIn(f"{base}/@@my-logs", links)
        self.assertIn(f'action="{base}/@@guide-search"', main_content(html))
        self.assertIn("Logg inn", text)
        self.assertIn("Nivå 1: Innsats i egen tjeneste", text)

    def test_family_sees_my_logs(self):
        html, text = self.page("byn", "staff")
        links = self.links(html)
        base = self.url("byn")
        self.assertIn(f"{base}/@@my-logs", links)
        self.assertNotIn(f"{base}/login", links)
        self.assertIn(f"{base}/logs", links)  # staff: the log folder
        self.assertIn("Mine logger", text)
        response = requests.get(
            self.url("byn"), auth=("forelder", PASSWORD), timeout=60
        )
        links = self.links(response.text)
        self.assertIn(f"{base}/@@my-logs", links)
        self.assertNotIn(f"{base}/logs", links)  # a parent is no staff

    def test_nynorsk_front_page(self):
        _html, text = self.page("sogndal")
        self.assertIn("Opne handlingsrettleiaren", text)
        self.assertIn("Nivå 1: Innsats i eiga teneste", text)
