"""1011 -> 1012: the designed guide pages on existing sites.

- the BTI front page becomes the site root's view (unless an editor chose
  another view);
- the guide levels' titles follow the level names (one set of names), where
  they still carry one of the old demo titles, which nobody wrote by hand.
"""

from bti.portal.setuphandlers.front_page import use_front_page
from bti.portal.vocabularies import level_title
from plone import api


# The titles the demo guide gave its levels before the names had one source.
OLD_DEMO_TITLES = {
    "Nivå 0: Oppdage og avklare undring",
    "Nivå 1: Innsats i egen tjeneste",
    "Nivå 1: Innsats innanfor kvar teneste",
    "Nivå 2: Tverrfaglig samarbeid",
    "Nivå 2: Tverrfagleg samarbeid",
    "Nivå 3: Omfattende tverrfaglig samarbeid",
    "Nivå 3: Omfattande tverrfagleg samarbeid",
    "Individuell plan (nivå 4)",
}


def upgrade(context):
    site = api.portal.get()
    use_front_page(site)
    language = api.portal.get_default_language()
    for brain in api.content.find(portal_type="GuideLevel"):
        level = brain.getObject()
        if level.title in OLD_DEMO_TITLES:
            level.title = api.portal.translate(level_title(level.level), lang=language)
            level.reindexObject(idxs=["Title", "sortable_title", "SearchableText"])
