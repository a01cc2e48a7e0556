"""POST /<content>/@sharing: plone.restapi's, with the body read by the one
body reader and its shape checked, so a wrong shape is a 400, not a 500.

{"entries": [{"id": str, "type": str, "roles": {role: bool}}], "inherit": bool}
"""

from bti.portal.services import body
from plone.restapi.services.content.sharing import SharingPost


def _entry_ok(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("id"), str)
        and isinstance(entry.get("roles", {}), dict)
        and all(isinstance(v, bool) for v in entry.get("roles", {}).values())
    )


class CheckedSharingPost(SharingPost):
    def reply(self):
        data = body.json_object(self.request)
        entries = data.get("entries", [])
        if not isinstance(entries, list) or not all(map(_entry_ok, entries)):
            raise body.BodyError("body_wrong_type", "entries")
        if "inherit" in data:
            body.flag(data, "inherit", True)
        return super().reply()
