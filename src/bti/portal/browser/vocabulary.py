"""@@getVocabulary: plone.app.content's, with a malformed query a clear error.

A query of the wrong shape (``{"criteria": []}``, a list of strings...) made
Plone's view raise inside the catalog query: a 500 for any visitor.
"""

from plone.app.content.browser.vocabulary import VocabularyView
from plone.app.content.utils import json_dumps


class CheckedVocabularyView(VocabularyView):
    def __call__(self):
        try:
            return super().__call__()
        except (TypeError, ValueError, KeyError, AttributeError):
            self.request.response.setStatus(400)
            self.request.response.setHeader("Content-Type", "application/json")
            return json_dumps({"error": "The query is not in a form we can read."})
