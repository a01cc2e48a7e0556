"""POST /<log>/@export {"service": service id, "passphrase": str}: the sealed
package (application/octet-stream, file name <random id>.btilog), built in
memory and never stored. Errors are JSON (400, 403)."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides

from bti.portal.logs import transfer_actions as actions


class ExportPost(Service):
    def render(self):
        self.check_permission()
        alsoProvides(self.request, IDisableCSRFProtection)
        data = actions.json_object(self.request)
        service, passphrase = data.get("service"), data.get("passphrase")
        sealed = actions.export(
            self.context,
            service if isinstance(service, str) else "",
            passphrase if isinstance(passphrase, str) else "",
        )
        actions.download_headers(self.request.response, self.context, len(sealed))
        return sealed
