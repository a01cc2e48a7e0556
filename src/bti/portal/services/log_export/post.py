"""POST /<log>/@export {"service": service id, "passphrase": str}: the sealed
package (application/octet-stream, file name <random id>.btilog), built in
memory and never stored. Errors are JSON (400, 403)."""

from bti.portal.relaylog.transfer import actions
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class ExportPost(Service):
    def render(self):
        self.check_permission()
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        sealed = actions.export(
            self.context, body.text(data, "service"), body.text(data, "passphrase")
        )
        actions.download_headers(self.request.response, self.context, len(sealed))
        return sealed
