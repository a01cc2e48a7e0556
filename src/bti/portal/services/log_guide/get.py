"""GET /<site>/logs/<log>/@guide: the steps and tools of the log's level in the
site's guide, the next level's first steps when it is near, and the buttons
of the log actions the steps name, for the current user (staff on the log).

A log that follows no level (passive, closed) answers with ``level`` null and
no steps. The family on the log gets 403, as the page shows them no guide.
"""

from bti.portal import _
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.relaylog.guide import entries
from plone import api
from plone.restapi.services import Service
from zExceptions import Forbidden


class LogGuideGet(Service):
    def reply(self):
        log = self.context
        if family_rules.is_family_only(log, api.user.get_current()):
            raise Forbidden(
                api.portal.translate(
                    _(
                        "guide_staff_only",
                        default="The guide in a log is for the staff on the log.",
                    )
                )
            )
        guide = entries.for_log(log) or {
            "level": None,
            "heading": "",
            "title": "",
            "url": None,
            "steps": [],
            "next": None,
        }
        return {"@id": f"{log.absolute_url()}/@guide", **guide}
