"""GET /<site>/@baseline-changes: the baseline guide's changes the site's
editors have not answered (new, changed, removed upstream), with diffs."""

from bti.portal.baseline.changes import baseline_of
from bti.portal.baseline.changes import local_overrides
from bti.portal.baseline.changes import pending
from bti.portal.baseline.listing import row
from plone.restapi.services import Service


class BaselineChangesGet(Service):
    def reply(self):
        site = self.context
        baseline = baseline_of(site)
        items = [row(item) for item in pending(site)] if baseline else []
        return {
            "@id": f"{site.absolute_url()}/@baseline-changes",
            "baseline": baseline.absolute_url() if baseline is not None else None,
            "local_overrides": local_overrides(site) if baseline is not None else 0,
            "items": items,
            "items_total": len(items),
        }
