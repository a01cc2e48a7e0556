"""The staff search on the demo sites: a floor on quality, coverage, logs.

The floor: on the development set (bench/search_questions.json) the
product is at least as good as BM25 with the Snowball stemmer over the same
documents, in the same run, and leaves no question with nothing; on the
independent holdout set (bench/search_questions_holdout.json, never tuned on)
it meets the issue's aim.  ``make bench-search`` prints the same numbers.
"""

from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.search.benchmark import product_ranking
from bti.portal.search.benchmark import rankings
from bti.portal.search.engine import LOG_TYPES
from bti.portal.search.evaluation import evaluate
from bti.portal.search.evaluation import HOLDOUT
from bti.portal.search.evaluation import load_questions
from bti.portal.search.site_search import RankedSearchHandler
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from plone import api
from zope.component.hooks import setSite
from zope.interface import alsoProvides

import unittest


class TestQualityFloor(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def test_product_not_below_bm25_with_stemmer(self):
        questions = load_questions()
        self.assertGreaterEqual(len(questions), 60)
        self.assertEqual({q.site for q in questions}, {"byn", "inderoy", "sogndal"})
        found, _facts = rankings(self.layer["app"], self.layer["request"], questions)
        product = evaluate(questions, found["product"])
        stemmed = evaluate(questions, found["BM25 + snowball"])
        self.assertGreaterEqual(product.success, stemmed.success)
        self.assertGreaterEqual(product.first, stemmed.first)
        self.assertGreaterEqual(product.mrr, stemmed.mrr)
        self.assertEqual(product.empty, 0)
        # Measured 100 % / 90.0 %: a margin for content edits, not for slipping.
        self.assertGreaterEqual(product.success, 0.97)
        self.assertGreaterEqual(product.first, 0.88)

    def test_holdout_meets_the_aim(self):
        # The aim for an independent set; measured 96.0 % / 88.0 %.
        questions = load_questions(HOLDOUT)
        self.assertEqual(len(questions), 50)
        found, _facts = rankings(self.layer["app"], self.layer["request"], questions)
        product = evaluate(questions, found["product"])
        stemmed = evaluate(questions, found["BM25 + snowball"])
        self.assertEqual(product.empty, 0)
        self.assertGreaterEqual(product.success, 0.95)
        self.assertGreaterEqual(product.first, 0.85)
        self.assertGreater(product.mrr, stemmed.mrr)


class TestDemoSites(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBTIPortalLayer)

    def ranked(self, site_id, text):
        site = self.app[site_id]
        setSite(site)
        with api.env.adopt_user(username="ansatt"):
            return product_ranking(site, self.request, text)

    def test_every_guide_type_is_found(self):
        # Forms, family pages and the annual wheel, not only the guide itself.
        self.assertEqual(
            self.ranked("byn", "overgangsskjema")[0], "skjema/overgangsskjema"
        )
        self.assertIn(
            "arshjul/arkivering-for-jul", self.ranked("byn", "arkivering jul")[:3]
        )
        self.assertIn(
            "familie/trekke-samtykket", self.ranked("byn", "trekke samtykke")[:3]
        )
        self.assertIn("arshjul", self.ranked("byn", "årshjul")[:3])

    def test_nynorsk_and_bokmal_find_each_other(self):
        self.assertIn(
            "verktoy/evalueringsmote",
            self.ranked("sogndal", "veileder evalueringsmøte")[:3],
        )

    def tabs(self, user):
        site = self.app["byn"]
        setSite(site)
        actions = site.portal_actions
        with api.env.adopt_user(username=user):
            infos = actions.listActionInfos(object=site, categories=("portal_tabs",))
        return {info["id"] for info in infos}

    def test_guide_search_tab_for_staff(self):
        self.assertIn("bti-guide-search", self.tabs("ansatt"))

    def test_no_guide_search_tab_for_families(self):
        self.assertNotIn("bti-guide-search", self.tabs("forelder"))

    def test_text_search_leaves_out_the_stafettlogg(self):
        site = self.app["byn"]
        setSite(site)
        for user in ("ansatt", "koordinator"):
            with api.env.adopt_user(username=user):
                items = RankedSearchHandler(site, self.request).search({
                    "SearchableText": "samtykke",
                    "b_size": "200",
                })["items"]
            types = {item["@type"] for item in items}
            self.assertTrue(items)
            self.assertFalse(types & set(LOG_TYPES), (user, types))

    def test_logs_only_for_staff_who_ask_and_never_by_id(self):
        site = self.app["byn"]
        setSite(site)
        query = {"SearchableText": "samtykke", "portal_type": list(LOG_TYPES)}
        with api.env.adopt_user(username="forelder"):
            items = RankedSearchHandler(site, self.request).search(dict(query))["items"]
        self.assertEqual(items, [])
        with api.env.adopt_user(username="ansatt"):
            items = RankedSearchHandler(site, self.request).search(dict(query))["items"]
        for item in items:
            self.assertNotEqual(item["title"], item["@id"].rsplit("/", 1)[-1])
            self.assertNotRegex(item["title"], r"^[0-9a-f-]{16,}$")
