Staff search (#15): one ranked search engine (BM25 over the catalog's text
indexes, Norwegian stemming, compounds, nb/nn variants, typo tolerance) behind
the header search, the guide search and REST `@search`; `make bench-search`
compares it with BM25 baselines on 90 staff questions. Forms answer as JSON.
Staff search ranking (#15): a page's share of the question weighted by word rarity, whole-word title matches, compound parts and other-language family pages counting less, nynorsk kj/gj spellings; type labels and the "where it sits" line translated; `make bench-search` also measures an independent 50-question holdout set (96.0 % success@5, 88.0 % first hit).
