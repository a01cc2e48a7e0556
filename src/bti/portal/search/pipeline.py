"""The ZCTextIndex pipeline element for Norwegian (see ``norwegian``).

It runs after Plone's splitter and case normalizer in ``plone_lexicon``:

- ``process`` (indexing): each word normalized, then compound parts and
  original spellings appended;
- ``processGlob`` (parsing a query): each term normalized, a trailing ``*``
  kept (Plone's search form sends "skule*", searched as "skole*");
- ``process_post_glob`` (looking a query term up): each term normalized.

Instances are stored in the lexicon's pipeline: keep this class at this
import path (or leave an alias) while any site has it installed.
"""

from bti.portal.search import norwegian
from Products.ZCTextIndex.PipelineFactory import element_factory


GROUP = "Norwegian"
NAME = "BTI Norwegian compounds and nb/nn variants"


class NorwegianNormalizer:
    """Pipeline element: nb/nn variants to one form, compounds split."""

    def process(self, words):
        return norwegian.index_words(words)

    def processGlob(self, words):
        return norwegian.query_globs(words)

    def process_post_glob(self, words):
        return norwegian.query_words(words)


try:
    element_factory.registerFactory(GROUP, NAME, NorwegianNormalizer)
except ValueError:  # registered already (module reloaded)
    pass
