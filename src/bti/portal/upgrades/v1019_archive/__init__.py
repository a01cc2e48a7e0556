"""1018 -> 1019: the archive (#13): the role Archivist, its group and the
archive's grants on the site root (domain.permissions.ARCHIVE_GRANTS)."""

from bti.portal.setuphandlers.archive import ensure_archive_grants
from plone import api


def upgrade(context):
    ensure_archive_grants(api.portal.get())
