"""The ZCTextIndex pipeline element for Norwegian (see ``norwegian``).

It runs after Plone's splitter and case normalizer in ``plone_lexicon``:

- ``process`` (indexing): each word normalized and stemmed, then compound
  parts and original spellings appended (stemmed too);
- ``processGlob`` (parsing a query): each term normalized and stemmed, a
  trailing ``*`` kept (Plone's search form sends "skule*", searched as "skol*");
- ``process_post_glob`` (looking a query term up): each term as its term.

The stems changed what is stored: upgrade step 1003 (``upgrades/v1003_search``)
rebuilds the text indexes of existing sites.

Instances are stored in the lexicon's pipeline: keep this class at this
import path (or leave an alias) while any site has it installed.
"""

from bti.portal.search import norwegian
from Products.ZCTextIndex.PipelineFactory import element_factory

import contextlib


GROUP = "Norwegian"
NAME = "BTI Norwegian compounds and nb/nn variants"


class NorwegianNormalizer:
    """Pipeline element: nb/nn variants to one form, compounds split."""

    def process(self, words):
        return norwegian.index_terms(words)

    def processGlob(self, words):
        return norwegian.glob_terms(words)

    def process_post_glob(self, words):
        return norwegian.query_terms(words)


# ValueError: registered already (module reloaded)
with contextlib.suppress(ValueError):
    element_factory.registerFactory(GROUP, NAME, NorwegianNormalizer)
