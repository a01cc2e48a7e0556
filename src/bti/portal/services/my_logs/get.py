"""GET /<site>/@my-logs: "My logs" for a guardian or a young person.

Each log: initials, state (and in plain words), the family roles, relay
holders, next meeting, newest message, consents to sign and links; plus the
family pages in the request's language. Anonymous: 401.
"""

from bti.portal.content.family_page import current_language
from bti.portal.content.family_page import pages_in
from bti.portal.content.family_page import site_language
from bti.portal.relaylog.family import overview as family_overview
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zExceptions import Unauthorized


class MyLogsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your logs.")
        language = current_language(self.context)
        pages = pages_in(language) or pages_in(site_language())
        return {
            "@id": f"{self.context.absolute_url()}/@my-logs",
            "language": language,
            "logs": json_compatible(family_overview.my_family_logs()),
            "family_pages": [
                {
                    "@id": page.absolute_url(),
                    "title": page.Title(),
                    "language": page.language,
                    "translation_group": page.translation_group,
                }
                for page in pages
            ],
        }
