"""GET <log>/@audit: who has read the log. GET <unit>/@audit: its logs (leaders)."""

from bti.portal.audit import listing
from bti.portal.content.unit import IUnit
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zExceptions import Unauthorized


class AuditGet(Service):
    def reply(self):
        if IUnit.providedBy(self.context):
            if not listing.may_read_unit_audit(self.context):
                raise Unauthorized("Only the unit's leaders see the audit of its logs.")
            logs = listing.unit_logs(self.context)
        else:
            logs = {listing.log_uids(self.context)[0]: self.context.absolute_url()}
        batch = HypermediaBatch(self.request, listing.NewestFirst(list(logs)))
        fullname = listing.fullnames()
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [
                {
                    "seq": record.seq,
                    "time": record.time,
                    "user_id": record.user_id,
                    "fullname": fullname(record.user_id),
                    "log_uid": record.log_uid,
                    "log_url": logs.get(record.log_uid),
                    "action": record.action,
                    "path": record.path,
                    "method": record.method,
                    "status": record.status,
                }
                for record in batch
            ],
        }
        if batch.links:
            result["batching"] = batch.links
        return result
