"""Statistics of the site's BTI work: a store of counts, filled by the workflows.

Other features count their own events with ``record_event`` (store.py).
"""

from bti.portal.relaylog.statistics.store import record_event


__all__ = ["record_event"]
