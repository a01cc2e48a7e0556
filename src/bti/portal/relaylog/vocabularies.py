"""Vocabularies that need a log's roles (fixed lists: bti.portal.vocabularies)."""

from bti.portal.relaylog.roles import people_on_log
from bti.portal.vocabularies.logs import people_vocabulary
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory


@provider(IVocabularyFactory)
def log_people(context):
    """Everyone with a role on the log around ``context`` (for responsible, invited)."""
    return people_vocabulary(sorted(people_on_log(context)))
