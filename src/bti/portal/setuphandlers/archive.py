"""The archive's role and grants on the site root, from domain.permissions."""

from bti.portal.domain import permissions as p
from plone import api


ARCHIVIST_GROUP = "bti-archivists"


def ensure_archive_grants(site) -> None:
    """The global role Archivist (and its group); exactly ARCHIVE_GRANTS on the
    site root, not acquired. Logs do not manage these permissions: they acquire
    them, so nobody with a role on a log alone reaches its archive."""
    if p.ARCHIVIST not in site.valid_roles():
        site._addRole(p.ARCHIVIST)
    for permission, roles in p.ARCHIVE_GRANTS.items():
        site.manage_permission(permission, roles=list(roles), acquire=False)
    if api.group.get(groupname=ARCHIVIST_GROUP) is None:
        api.group.create(
            groupname=ARCHIVIST_GROUP, title="BTI archivists", roles=[p.ARCHIVIST]
        )
