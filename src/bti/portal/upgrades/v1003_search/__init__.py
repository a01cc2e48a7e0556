"""1002 -> 1003: the ranked staff search (bti.portal.search).

The Norwegian pipeline element now stems every word (Snowball): the Title,
Description and SearchableText indexes and the lexicon are rebuilt; the annual
wheel, family pages and forms get their full text; GuideStep gets the
``bti_step_number`` metadata; staff get the guide search in the main menu.
"""

from bti.portal.search import setup
from plone import api


def upgrade(context):
    portal = api.portal.get()
    setup.add_columns(portal)
    setup.add_menu_action(portal)
    # Rebuilt even when the element is there: its words are stems now, and
    # the annual wheel, family pages and forms have full text.
    setup.add_element(portal, force_reindex=True)
