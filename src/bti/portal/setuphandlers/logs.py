"""The site's log folder (/logs) with its grants; the staff and coordinator groups."""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.users import COORDINATOR_GROUP
from plone import api
from plone.dexterity.utils import createContentInContainer
from zope.i18n import translate


LOG_FOLDER_ID = "logs"
STAFF_GROUP = "bti-staff"


def ensure_groups() -> None:
    if api.group.get(groupname=STAFF_GROUP) is None:
        api.group.create(groupname=STAFF_GROUP, title="BTI staff", roles=[p.STAFF])
    if api.group.get(groupname=COORDINATOR_GROUP) is None:
        api.group.create(groupname=COORDINATOR_GROUP, title="BTI coordinators")


def apply_log_folder_grants(folder) -> None:
    """Exactly LOG_FOLDER_GRANTS, not acquired: editors and the public get nothing."""
    for permission, roles in p.LOG_FOLDER_GRANTS.items():
        folder.manage_permission(permission, roles=list(roles), acquire=False)
    folder.reindexObjectSecurity()


def ensure_log_folder(site):
    ensure_groups()
    folder = site.get(LOG_FOLDER_ID)
    if folder is None:
        language = api.portal.get_default_language() or "nb"
        title = translate(
            _("log_folder_title", default="Stafettlogger"), target_language=language
        )
        # Not addable by anyone (global_allow False): created here only.
        folder = createContentInContainer(
            site, "LogFolder", id=LOG_FOLDER_ID, title=title, checkConstraints=False
        )
    apply_log_folder_grants(folder)
    folder.manage_setLocalRoles(COORDINATOR_GROUP, [p.COORDINATOR])
    folder.reindexObjectSecurity()
    return folder
