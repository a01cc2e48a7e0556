Staff search (#15): one ranked search engine (BM25 over the catalog's text
indexes, Norwegian stemming, compounds, nb/nn variants, typo tolerance) behind
the header search, the guide search and REST `@search`; `make bench-search`
compares it with BM25 baselines on 90 staff questions. Forms answer as JSON.
