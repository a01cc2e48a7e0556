"""Control rounds in the audit: opened and closed on the unit, each log checked.

Appended when the transaction commits (nothing is recorded for a change that
was rolled back); the record holds ids, the action and the path, no note.
"""

from bti.portal import logger
from bti.portal.audit.store import store_for_site
from bti.portal.domain import audit
from plone import api
from urllib.parse import urlsplit
from zope.globalrequest import getRequest

import transaction


ACTIONS = {
    "open": audit.ROUND_OPEN,
    "check": audit.ROUND_CHECK,
    "close": audit.ROUND_CLOSE,
}


def round_changed(event) -> None:
    request = getRequest()
    url = (request.get("ACTUAL_URL") or request.get("URL", "")) if request else ""
    target = {
        "site_id": api.portal.get().getId(),
        "user_id": api.user.get_current().getId() or audit.ANONYMOUS,
        "log_uid": event.log_uid or event.object.UID(),
        "action": ACTIONS[event.action],
        "path": urlsplit(url).path or "/".join(event.object.getPhysicalPath()),
        "method": request.get("REQUEST_METHOD", "POST") if request else "POST",
    }

    def append(committed: bool) -> None:
        if not committed:
            return
        try:
            store_for_site(target.pop("site_id")).append(status=200, **target)
        except Exception:
            logger.exception("audit record of a control round not written")

    transaction.get().addAfterCommitHook(append)
