"""Staff search of the action guide: Norwegian words, facets, permissions, page, REST."""

from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.search import setup as search_setup
from bti.portal.search.pipeline import NorwegianNormalizer
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.textfield.value import RichTextValue
from plone.base.utils import munge_search_term
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.interface import alsoProvides
from zope.intid.interfaces import IIntIds

import requests
import transaction
import unittest


PASSWORD = "secret-Pa55word"


def rich(text: str) -> RichTextValue:
    return RichTextValue(f"<p>{text}</p>", "text/html", "text/x-html-safe")


def make_guide_content(portal) -> dict:
    """Guide content in bokmål and nynorsk; everything published but one tool."""
    made = {}

    def add(key, container, portal_type, publish=True, **fields):
        obj = api.content.create(container=container, type=portal_type, **fields)
        if publish:
            api.content.transition(obj=obj, transition="publish")
        made[key] = obj
        return obj

    add(
        "consent",
        portal,
        "Tool",
        title="Samtykkeskjema for foreldre",
        description="Foreldre skriv under før informasjon blir delt.",
        levels=[1],
        target_groups=["parents"],
        text=rich("Bruk skjemaet før første møte med tjenesten."),
    )
    add(
        "mapping",
        portal,
        "Tool",
        title="Kartlegging i skulen",
        description="Eit verktøy for lærarar i skulen.",
        levels=[2],
        target_groups=["child", "staff"],
    )
    add(
        "school",
        portal,
        "Tool",
        title="Trivsel på skolen",
        description="Samtaleverktøy for elever og lærere på skolen.",
        levels=[1],
        target_groups=["child"],
    )
    service = add(
        "service",
        portal,
        "Service",
        title="Helsestasjon",
        description="Teneste for gravide, barn og unge.",
        offers="Helsekontroll og rettleiing av foreldre.",
        levels=[0, 1],
    )
    add(
        "other_service",
        portal,
        "Service",
        title="Pedagogisk-psykologisk tjeneste",
        description="Tjeneste for barn med vansker i barnehage og skole.",
        levels=[1, 2],
    )
    intids = getUtility(IIntIds)
    add(
        "measure",
        portal,
        "Measure",
        title="Foreldrekurs",
        description="Kurs med veileder for foreldre med små barn.",
        risk_factor="family",
        target_group="parents",
        service=RelationValue(intids.getId(service)),
    )
    guide = add("guide", portal, "Guide", title="Handlingsveileder")
    level = add(
        "level0",
        guide,
        "GuideLevel",
        title="Nivå 0",
        level=0,
        purpose="Undring og uro for eit barn.",
    )
    add(
        "step",
        level,
        "GuideStep",
        title="Undringssamtale",
        number=1,
        what_to_do=rich(
            "Ha ein samtale med rettleiaren din før du snakkar med foreldra."
        ),
    )
    add(
        "private",
        portal,
        "Tool",
        publish=False,
        title="Utkast til samtykkeblankett",
        description="Ikkje ferdig.",
        levels=[1],
        target_groups=["parents"],
    )
    # Not guide content: never in the guide search, even though it matches.
    add("page", portal, "Document", title="Nyheit om samtykkeskjema")
    return made


def titles(brains) -> set:
    return {brain.Title for brain in brains}


class SearchTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBTIPortalLayer)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.content = make_guide_content(self.portal)
        self.catalog = api.portal.get_tool("portal_catalog")

    def search(self, text, munge=False, **query):
        if munge:
            text = munge_search_term(text)
        return titles(self.catalog(SearchableText=text, **query))


class TestPipeline(SearchTestCase):
    def test_element_in_plone_lexicon_after_normalizer(self):
        pipeline = self.catalog.plone_lexicon._pipeline
        self.assertIsInstance(pipeline[-1], NorwegianNormalizer)
        self.assertEqual(len(pipeline), 3)

    def test_install_is_idempotent(self):
        self.assertFalse(search_setup.install(self.portal))
        self.assertEqual(len(self.catalog.plone_lexicon._pipeline), 3)

    def test_text_indexes_use_the_lexicon(self):
        self.assertEqual(
            set(search_setup.text_indexes(self.catalog)),
            {"Title", "Description", "SearchableText"},
        )


class TestCompounds(SearchTestCase):
    def test_first_part_finds_compound(self):
        self.assertIn("Samtykkeskjema for foreldre", self.search("samtykke"))

    def test_last_part_finds_compound(self):
        self.assertIn("Samtykkeskjema for foreldre", self.search("skjema"))

    def test_plone_munged_query(self):
        # Plone's search form sends "skjema*"; REST sends the word as typed.
        self.assertIn("Samtykkeskjema for foreldre", self.search("skjema", munge=True))
        self.assertIn("Undringssamtale", self.search("samtale", munge=True))

    def test_inflected_compound(self):
        self.assertIn("Samtykkeskjema for foreldre", self.search("samtykkeskjemaet"))

    def test_phrase_with_compound(self):
        self.assertIn(
            "Samtykkeskjema for foreldre", self.search('"samtykkeskjema for foreldre"')
        )

    def test_title_index_too(self):
        self.assertIn(
            "Samtykkeskjema for foreldre", titles(self.catalog(Title="skjema"))
        )

    def test_unrelated_word_not_found(self):
        self.assertNotIn("Samtykkeskjema for foreldre", self.search("kartlegging"))


class TestVariants(SearchTestCase):
    def both_ways(self, bokmal, nynorsk, bokmal_title, nynorsk_title):
        for munge in (False, True):
            self.assertIn(
                nynorsk_title, self.search(bokmal, munge=munge), (bokmal, munge)
            )
            self.assertIn(
                bokmal_title, self.search(nynorsk, munge=munge), (nynorsk, munge)
            )

    def test_skole_skule(self):
        self.both_ways("skole", "skule", "Trivsel på skolen", "Kartlegging i skulen")

    def test_tjeneste_teneste(self):
        self.both_ways(
            "tjeneste", "teneste", "Pedagogisk-psykologisk tjeneste", "Helsestasjon"
        )

    def test_veileder_rettleiar(self):
        self.both_ways("veileder", "rettleiar", "Foreldrekurs", "Undringssamtale")

    def test_inflected_query(self):
        self.assertIn("Kartlegging i skulen", self.search("skolen"))
        self.assertIn("Helsestasjon", self.search("tjenesten", munge=True))


class TestFacets(SearchTestCase):
    """As an anonymous visitor: only the published content counts."""

    def setUp(self):
        super().setUp()
        logout()

    def view(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = self.portal.restrictedTraverse("@@guide-search")
        view.update()
        return view

    def result_titles(self, view):
        return titles(view._results)

    def test_only_guide_types(self):
        view = self.view(SearchableText="samtykkeskjema")
        self.assertIn("Samtykkeskjema for foreldre", self.result_titles(view))
        self.assertNotIn("Nyheit om samtykkeskjema", self.result_titles(view))

    def test_level_facet(self):
        view = self.view(SearchableText="foreldre", level="1")
        self.assertEqual(
            self.result_titles(view), {"Samtykkeskjema for foreldre", "Helsestasjon"}
        )
        # Counts of a facet ignore its own selection, apply the others.
        levels = view._counts["level"]
        self.assertEqual(levels[1], 2)
        self.assertEqual(levels[0], 2)  # the service (0 and 1) and the level-0 step

    def test_level_fed_for_level_and_step(self):
        view = self.view(level="0")
        self.assertEqual(
            self.result_titles(view), {"Helsestasjon", "Nivå 0", "Undringssamtale"}
        )

    def test_type_facet(self):
        view = self.view(SearchableText="foreldre", type=["Tool", "Measure"])
        self.assertEqual(
            self.result_titles(view), {"Samtykkeskjema for foreldre", "Foreldrekurs"}
        )
        types = view._counts["type"]
        self.assertEqual(types["Tool"], 1)
        self.assertEqual(types["Measure"], 1)
        self.assertEqual(types["Service"], 1)
        self.assertEqual(types["GuideStep"], 1)

    def test_target_group_facet_includes_measures(self):
        view = self.view(target="parents")
        self.assertEqual(
            self.result_titles(view), {"Samtykkeskjema for foreldre", "Foreldrekurs"}
        )
        self.assertEqual(view._counts["target"], {"parents": 2, "child": 2, "staff": 1})

    def test_service_facet(self):
        uid = self.content["service"].UID()
        view = self.view(service=uid)
        self.assertEqual(self.result_titles(view), {"Helsestasjon", "Foreldrekurs"})
        self.assertEqual(view._counts["service"][uid], 2)

    def test_facets_combine(self):
        view = self.view(level=["1", "2"], type="Tool", target="child")
        self.assertEqual(
            self.result_titles(view), {"Trivsel på skolen", "Kartlegging i skulen"}
        )

    def test_bad_facet_values_ignored(self):
        view = self.view(level=["9", "x"], type="Document", service="../../etc")
        self.assertFalse(view.searched)

    def test_facet_options_for_template(self):
        view = self.view(SearchableText="foreldre")
        facets = {facet["name"]: facet for facet in view.facets()}
        level_options = {o["value"]: o["count"] for o in facets["level"]["options"]}
        self.assertEqual(level_options, {"0": 2, "1": 2})
        services = [o["title"] for o in facets["service"]["options"]]
        self.assertEqual(services, ["Helsestasjon"])


class TestPermissions(SearchTestCase):
    def setUp(self):
        super().setUp()
        api.user.create(email="m@example.org", username="member", password=PASSWORD)
        api.user.create(email="e@example.org", username="owner", password=PASSWORD)
        api.user.create(
            email="r@example.org",
            username="editor",
            password=PASSWORD,
            roles=("Member", "Editor"),
        )
        private = self.content["private"]
        private.changeOwnership(api.user.get("owner").getUser())
        private.manage_setLocalRoles("owner", ["Owner"])
        private.reindexObjectSecurity()
        logout()

    def found_by(self, username):
        query = {"SearchableText": "samtykke"}
        if username is None:
            return titles(self.catalog(**query))
        with api.env.adopt_user(username=username):
            return titles(self.catalog(**query))

    def test_private_tool_hidden_from_anonymous(self):
        found = self.found_by(None)
        self.assertIn("Samtykkeskjema for foreldre", found)
        self.assertNotIn("Utkast til samtykkeblankett", found)

    def test_private_tool_hidden_from_member(self):
        found = self.found_by("member")
        self.assertIn("Samtykkeskjema for foreldre", found)
        self.assertNotIn("Utkast til samtykkeblankett", found)

    def test_private_tool_found_by_owner_and_editor(self):
        self.assertIn("Utkast til samtykkeblankett", self.found_by("owner"))
        self.assertIn("Utkast til samtykkeblankett", self.found_by("editor"))

    def test_page_and_counts_hide_it(self):
        self.request.form.update({"SearchableText": "samtykke", "type": "Tool"})
        with api.env.adopt_user(username="member"):
            view = self.portal.restrictedTraverse("@@guide-search")
            html = view()
            self.assertEqual(view._counts["type"], {"Tool": 1})
        self.assertIn("Samtykkeskjema for foreldre", html)
        self.assertNotIn("samtykkeblankett", html)
        with api.env.adopt_user(username="owner"):
            view = self.portal.restrictedTraverse("@@guide-search")
            html = view()
            self.assertEqual(view._counts["type"], {"Tool": 2})
        self.assertIn("Utkast til samtykkeblankett", html)


class TestPage(SearchTestCase):
    def render(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        return self.portal.restrictedTraverse("@@guide-search")()

    def test_empty_state(self):
        html = self.render()
        self.assertIn('class="bti-search-empty"', html)
        self.assertNotIn('class="bti-results"', html)
        self.assertIn('name="SearchableText"', html)
        self.assertIn('role="search"', html)
        # Facets with counts over all guide content are shown to start from.
        self.assertIn('name="level"', html)

    def test_no_results(self):
        html = self.render(SearchableText="xyzzyplugh")
        self.assertIn('class="bti-search-none"', html)
        self.assertNotIn('class="bti-results"', html)

    def test_results(self):
        html = self.render(SearchableText="skjema")
        self.assertIn('class="bti-results"', html)
        self.assertIn("Samtykkeskjema for foreldre", html)
        self.assertIn(self.content["consent"].absolute_url(), html)
        self.assertIn('value="skjema"', html)

    def test_facet_controls_labelled(self):
        html = self.render(SearchableText="foreldre", level="1")
        self.assertIn('id="bti-facet-level-1"', html)
        self.assertIn('for="bti-facet-level-1"', html)
        self.assertIn("checked", html)
        self.assertIn(
            '<select class="form-select" name="service" id="bti-facet-service"', html
        )

    def test_bad_query_syntax(self):
        html = self.render(SearchableText='"')
        self.assertNotIn("Traceback", html)

    def test_norwegian_labels(self):
        from bti.portal import _
        from zope.i18n import translate

        for language, text in (
            ("nb", "Ingen treff. Prøv færre"),
            ("nn", "den andre målforma"),
        ):
            message = _("guide_search_no_results", default="Nothing found.")
            self.assertIn(text, translate(message, target_language=language))
        self.request["LANGUAGE"] = "nb"
        html = self.render(SearchableText="xyzzyplugh")
        self.assertTrue("Ingen treff" in html, "page not in bokmål")


class TestUninstall(SearchTestCase):
    def test_uninstall_restores_pipeline_and_install_adds_it(self):
        from plone.base.utils import get_installer

        original = [type(e) for e in self.catalog.plone_lexicon._pipeline][:-1]
        installer = get_installer(self.portal, self.request)
        installer.uninstall_product("bti.portal")
        self.assertEqual(
            [type(e) for e in self.catalog.plone_lexicon._pipeline], original
        )
        # Indexes rebuilt without the element: compound parts are gone.
        self.assertNotIn("Samtykkeskjema for foreldre", self.search("skjema"))
        self.assertIn("Samtykkeskjema for foreldre", self.search("samtykkeskjema"))
        installer.install_product("bti.portal")
        self.assertIsInstance(
            self.catalog.plone_lexicon._pipeline[-1], NorwegianNormalizer
        )
        self.assertIn("Samtykkeskjema for foreldre", self.search("skjema"))


class TestREST(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.content = make_guide_content(self.portal)
        transaction.commit()
        self.url = self.portal.absolute_url()

    def get(self, params, auth=None):
        response = requests.get(
            f"{self.url}/@search",
            params=params,
            auth=auth,
            headers={"Accept": "application/json"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def test_compound_part_over_rest(self):
        data = self.get([
            ("SearchableText", "skjema"),
            ("portal_type", "Tool"),
            ("bti_levels:int", "1"),
            ("metadata_fields", "bti_levels"),
            ("metadata_fields", "bti_target_groups"),
        ])
        items = {item["title"]: item for item in data["items"]}
        self.assertEqual(set(items), {"Samtykkeskjema for foreldre"})
        self.assertEqual(items["Samtykkeskjema for foreldre"]["bti_levels"], [1])
        self.assertEqual(
            items["Samtykkeskjema for foreldre"]["bti_target_groups"], ["parents"]
        )

    def test_a_wrongly_typed_parameter_is_400(self):
        for params in ({"SearchableText": "skjema", "b_size": "abc"}, {"b_size": "x"}):
            with self.subTest(params):
                response = requests.get(
                    f"{self.url}/@search",
                    params=params,
                    auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
                    headers={"Accept": "application/json"},
                    timeout=30,
                )
                self.assertEqual(response.status_code, 400, response.text)

    def test_nynorsk_over_rest(self):
        data = self.get({"SearchableText": "skule"})
        self.assertIn("Trivsel på skolen", {item["title"] for item in data["items"]})

    def test_header_search_for_all_guide_search_tab_not_for_anonymous(self):
        for auth, shown in (
            (None, False),
            ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), True),
        ):
            html = requests.get(self.url, auth=auth, timeout=30).text
            self.assertIn('id="searchGadget_form"', html)  # the header box, for all
            self.assertEqual('class="bti-guide-search nav-item"' in html, shown, auth)

    def test_ranked_over_rest(self):
        data = self.get({"SearchableText": "foreldre skjema xyzzy"})
        self.assertEqual(data["items"][0]["title"], "Samtykkeskjema for foreldre")

    def test_private_not_over_rest_anonymous(self):
        data = self.get({"SearchableText": "samtykke"})
        self.assertNotIn(
            "Utkast til samtykkeblankett", {i["title"] for i in data["items"]}
        )
        data = self.get(
            {"SearchableText": "samtykke"}, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        )
        self.assertIn(
            "Utkast til samtykkeblankett", {i["title"] for i in data["items"]}
        )

    def test_page_over_http(self):
        response = requests.get(
            f"{self.url}/@@guide-search",
            params={"SearchableText": "samtykke"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Samtykkeskjema for foreldre", response.text)
        self.assertNotIn("Utkast til samtykkeblankett", response.text)
        self.assertIn('name="viewport"', response.text)


class TestRanking(SearchTestCase):
    """The engine behind every search: OR, all words first, stems, compounds."""

    def setUp(self):
        super().setUp()
        add = api.content.create
        self.archive = add(
            self.portal,
            "Tool",
            title="Arkivering",
            description="Loggen skrives ut.",
            text=rich("Slik gjør du det."),
        )
        self.body = add(
            self.portal,
            "Tool",
            title="Sjekkliste",
            text=rich("Om arkivering: arkivering av loggen og arkivering i mappen."),
        )
        self.parts = add(
            self.portal,
            "Tool",
            title="Blankett",
            text=rich(
                "Et skjema der foreldrene gir samtykke. Samtykket innhentes tidlig."
            ),
        )

    def found(self, text, **form):
        self.request.form.clear()
        self.request.form.update({"SearchableText": text, **form})
        view = self.portal.restrictedTraverse("@@guide-search")
        view.update()
        return view

    def ranked(self, text):
        return [brain.Title for brain in self.found(text)._results]

    def test_title_above_body(self):
        self.assertEqual(self.ranked("arkivering")[:2], ["Arkivering", "Sjekkliste"])

    def test_or_query_with_all_words_first(self):
        # No page has "xyzzy": the other words still find pages.
        view = self.found("samtykkeskjema foreldre xyzzy")
        self.assertEqual(view._results[0].Title, "Samtykkeskjema for foreldre")
        self.assertTrue(view.loose())
        self.assertFalse(self.found("samtykkeskjema foreldre").loose())

    def test_loose_notice_on_the_page(self):
        self.request.form.clear()
        self.request.form["SearchableText"] = "kartlegging samtykkeskjema"
        html = self.portal.restrictedTraverse("@@guide-search")()
        self.assertIn('class="bti-search-loose', html)
        self.assertIn("Kartlegging i skulen", html)
        self.assertIn("Samtykkeskjema for foreldre", html)

    def test_endings_outside_the_word_lists(self):
        self.assertIn("Blankett", self.ranked("innhente"))

    def test_compound_in_the_query_parts_in_the_page(self):
        self.assertIn("Blankett", self.ranked("samtykkeskjemaet"))

    def test_stop_words_left_out(self):
        self.assertEqual(
            self.ranked("hvordan er det med arkivering"), self.ranked("arkivering")
        )

    def test_typo_finds_and_suggests(self):
        view = self.found("arkivring")
        self.assertEqual(view._results[0].Title, "Arkivering")
        self.assertEqual(view.suggestion(), "arkivering")

    def test_hit_says_where_and_which_words(self):
        view = self.found("undringssamtale rettleiar")
        rows = {row["title"]: row for row in view.results(view._results)}
        step = rows["Undringssamtale"]
        kind, within = step["place"][0], step["place"][-1]
        self.assertEqual(kind.mapping, {"number": 1})  # "Step 1", not the type
        self.assertEqual(within.mapping, {"place": "Nivå 0"})
        self.assertIn("undringssamtale", step["matched"])

    def test_every_guide_type_has_a_translated_label(self):
        from bti.portal.search.engine import GUIDE_TYPES
        from bti.portal.search.views import TYPE_LABELS
        from zope.i18n import translate

        self.assertEqual(set(TYPE_LABELS), set(GUIDE_TYPES))
        for language in ("nb", "nn", "en"):
            labels = {
                translate(label, target_language=language)
                for label in TYPE_LABELS.values()
            }
            self.assertEqual(len(labels), len(GUIDE_TYPES), language)
            self.assertFalse({"EasyForm", "FamilyPage", "GuideStep"} & labels)
        self.assertEqual(
            translate(TYPE_LABELS["EasyForm"], target_language="nn"), "Skjema"
        )

    def test_header_search_uses_the_engine(self):
        self.request.form.clear()
        self.request.form["SearchableText"] = "foreldre skjema"
        view = self.portal.restrictedTraverse("@@search")
        titles_ranked = [
            b.Title for b in view.results(batch=False, use_content_listing=False)
        ]
        self.assertEqual(titles_ranked[0], "Samtykkeskjema for foreldre")
        self.assertIn("Nyheit om samtykkeskjema", titles_ranked)  # not only the guide
        html = view()
        self.assertIn("Samtykkeskjema for foreldre", html)
