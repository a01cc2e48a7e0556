"""One set of level names (the domain's level facts) for the guide, the labels
and the logs; demo content whose first version is what readers see; the
front page as the site's view."""

from bti.portal.domain import guide_levels
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from bti.portal.upgrades.v1012_guide_pages import upgrade
from bti.portal.vocabularies import level_short
from bti.portal.vocabularies import level_title
from bti.portal.vocabularies import LEVELS
from bti.portal.workflows.relaylog import STATE_TITLES
from plone import api
from plone.app.testing import logout
from zope.component.hooks import site as site_hook
from zope.i18n import translate

import unittest


NAMES = {
    "nb": {
        1: "Nivå 1: Innsats i egen tjeneste",
        3: "Nivå 3: Omfattende tverrfaglig samarbeid",
        4: "Individuell plan (IP)",
    },
    "nn": {
        1: "Nivå 1: Innsats i eiga teneste",
        3: "Nivå 3: Omfattande tverrfagleg samarbeid",
        4: "Individuell plan (IP)",
    },
}


class TestLevelFacts(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING  # the message catalogs

    def test_the_vocabulary_is_made_from_the_facts(self):
        self.assertEqual([t.value for t in LEVELS], [0, 1, 2, 3, 4])
        for fact in guide_levels.LEVELS:
            term = LEVELS.getTerm(fact.number)
            self.assertEqual(term.title, fact.title_msgid)
            self.assertEqual(term.title.default, fact.title)

    def test_log_states_are_named_by_the_facts(self):
        for state, fact in guide_levels.BY_LOG_STATE.items():
            self.assertEqual(STATE_TITLES[state], fact.short)
        self.assertEqual(
            sorted(guide_levels.BY_LOG_STATE), ["level1", "level2", "level3"]
        )

    def test_names_in_each_language(self):
        for language, names in NAMES.items():
            for number, name in names.items():
                with self.subTest(language=language, level=number):
                    self.assertEqual(
                        translate(level_title(number), target_language=language), name
                    )
                    # The log's short state title begins the full name.
                    short = translate(level_short(number), target_language=language)
                    self.assertTrue(name.startswith(short), (short, name))
        self.assertEqual(
            translate(level_title(1), target_language="en"),
            "Level 1: Effort in one's own service",
        )

    def test_no_level(self):
        self.assertEqual(level_title(None), "")
        self.assertIsNone(guide_levels.level(7))


class TestDemoGuideLevels(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def test_guide_levels_carry_the_one_name(self):
        for site_id, language in (("byn", "nb"), ("sogndal", "nn")):
            with site_hook(self.layer["app"][site_id]):
                levels = [
                    brain.getObject()
                    for brain in api.content.find(
                        portal_type="GuideLevel", sort_on="getObjPositionInParent"
                    )
                ]
                self.assertEqual([level.level for level in levels], [0, 1, 2, 3, 4])
                for level in levels:
                    with self.subTest(site=site_id, level=level.level):
                        expected = translate(
                            level_title(level.level), target_language=language
                        )
                        self.assertEqual(level.title, expected)
                        if level.level in NAMES[language]:
                            self.assertEqual(level.title, NAMES[language][level.level])

    def test_first_version_has_final_id_language_and_links(self):
        """A compare view shows only what an editor changed: the first saved
        version already has the item's id, language and links."""
        site = self.layer["app"]["byn"]
        with site_hook(site), api.env.adopt_roles(["Manager"]):
            repository = api.portal.get_tool("portal_repository")
            step = site["handlingsveileder"]["niva-1"]["evalueringsmote"]
            for obj in (
                site["verktoy"]["observasjonsnotat"],
                step,
                site["tiltak"]["vennegruppe"],
            ):
                with self.subTest(obj.getId()):
                    first = repository.retrieve(obj, 0).object
                    self.assertEqual(first.getId(), obj.getId())
                    self.assertEqual(first.language, "nb")
                    self.assertEqual(obj.language, "nb")
            first = repository.retrieve(step, 0).object
            self.assertEqual(
                [r.to_path for r in first.tools], [r.to_path for r in step.tools]
            )
            self.assertTrue(step.tools)
        with site_hook(self.layer["app"]["sogndal"]), api.env.adopt_roles(["Manager"]):
            tool = self.layer["app"]["sogndal"]["verktoy"]["observasjonsnotat"]
            self.assertEqual(tool.language, "nn")

    def test_front_page_is_the_site_view(self):
        for site_id in ("byn", "sogndal"):
            self.assertEqual(self.layer["app"][site_id].getLayout(), "bti-front")


class TestFrontPageWithoutDemoContent(unittest.TestCase):
    """A production site (no guide, no family pages yet) still has a front
    page: the search and the login."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_front_page_of_an_empty_site(self):
        portal = self.layer["portal"]
        self.assertEqual(portal.getLayout(), "bti-front")
        logout()
        html = portal.restrictedTraverse("@@bti-front")()
        self.assertIn("@@guide-search", html)
        self.assertIn(f"{portal.absolute_url()}/login", html)
        self.assertNotIn("bti-front-guide", html)
        self.assertNotIn("bti-front-family", html)


class TestUpgrade1012(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_front_page_and_level_titles_on_an_existing_site(self):
        portal = self.layer["portal"]
        with api.env.adopt_roles(["Manager"]):
            guide = api.content.create(portal, "Guide", title="Veileder")
            old = api.content.create(
                guide, "GuideLevel", title="Nivå 1: Innsats i egen tjeneste", level=1
            )
            old.title = "Nivå 2: Tverrfaglig samarbeid"  # an old demo title
            own = api.content.create(guide, "GuideLevel", title="Vårt nivå 3", level=3)
            portal.setLayout("document_view")
            upgrade(None)
        self.assertEqual(portal.getLayout(), "bti-front")
        self.assertEqual(old.title, "Nivå 1: Innsats i egen tjeneste")
        self.assertEqual(own.title, "Vårt nivå 3")  # written by an editor: kept
        portal.setLayout("summary_view")  # an editor's own choice stays
        upgrade(None)
        self.assertEqual(portal.getLayout(), "summary_view")
