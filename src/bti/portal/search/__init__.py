"""Staff search of the action guide: Norwegian full text, facets, @@guide-search.

- ``norwegian``: pure word handling (bokmål/nynorsk variants, compounds).
- ``pipeline``: the ZCTextIndex pipeline element that applies it.
- ``setup``: puts the element into ``plone_lexicon`` on install (and takes it
  out on uninstall), then reindexes the text indexes.
- ``views``: the ``@@guide-search`` page.
"""
