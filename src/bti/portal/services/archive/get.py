"""GET /<log>/@archive: the log's archive copies, oldest first.
GET /<log>/@archive/<copy id>: the copy's PDF/A (application/pdf), 404 if unknown."""

from bti.portal.archive import store
from bti.portal.archive.views import download_headers
from bti.portal.domain import archive as rules
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class ArchiveGet(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def reply(self):
        url = f"{self.context.absolute_url()}/@archive"
        uid = self.context.UID()
        if not self.params:
            return {
                "@id": url,
                "items": [
                    {
                        "@id": f"{url}/{record['copy_id']}",
                        "id": record["copy_id"],
                        "event": record["event"],
                        "time": record["time"],
                        "sha256": record["sha256"],
                        "size": record["size"],
                        "file_name": rules.file_name(
                            record["log_id"], record["copy_id"]
                        ),
                    }
                    for record in store.copies(uid)
                ],
            }
        [copy_id, *rest] = self.params
        pdf = None if rest else store.pdf_of(uid, copy_id)
        if pdf is None:
            raise NotFound("archive copy")
        [record] = [r for r in store.copies(uid) if r["copy_id"] == copy_id]
        download_headers(self.request.response, record, len(pdf))
        return pdf

    def render(self):
        if not self.params:
            return super().render()
        self.check_permission()
        return self.reply()
