"""The dashboard of a viewer who oversees every log of the site, from the
lists the ``bti_dashboard_lists`` index keeps (totals.py).

A coordinator (or Manager) without a unit filter oversees every log: the
permission matrix gives both roles the overview in every state, and no log
stops the folder's roles. Their totals are sums over the lists' keys (states,
days) and their pages walks over the first keys, so neither grows with the
number of logs; logs per unit are read for a page of units only. The rows are
the same as the set path's (queries.py), in the same order; a test builds both
and compares them.
"""

from bti.portal.domain import dashboard as rules
from bti.portal.domain import permissions as p
from bti.portal.relaylog.dashboard import totals
from bti.portal.relaylog.dashboard.log_dates import CONSENT_UNTIL
from bti.portal.relaylog.dashboard.log_dates import OPEN_DEADLINE
from BTrees.IIBTree import multiunion
from datetime import date
from datetime import timedelta


class SiteLists:
    """Rids and totals of the dashboard's lists over the whole site."""

    def __init__(self, records, lists):
        self.records, self.lists = records, lists

    def _day(self, index_name: str, day: date) -> int:
        """``day`` as the date index files it (the lists' day keys)."""
        return self.records.core.getIndex(index_name)._convert(day)

    def page(self, name: str, low, high, window) -> tuple:
        """(the window's rids, how many in all) of list ``name`` from key
        ``low`` to ``high``; in key order, then by rid (as the sets' board)."""
        filed = self.lists[name]
        total = filed.count(low, high)
        start, end = window.bounds(total)
        if start >= end:
            return [], total
        taken, skipped = [], 0
        for key, count in filed.counted(low, high):
            if not taken and skipped + count <= start:
                skipped += count  # a key before the window: not read
                continue
            taken.extend(filed.rids[key])
            if skipped + len(taken) >= end:
                break
        return taken[start - skipped : end - skipped], total

    def overdue(self, day: date, window) -> tuple:
        yesterday = day - timedelta(days=1)
        return self.page("overdue", None, self._day(OPEN_DEADLINE, yesterday), window)

    def consents(self, day: date, window) -> tuple:
        until = day + timedelta(days=rules.CONSENT_WARNING_DAYS)
        return self.page("consent", None, self._day(CONSENT_UNTIL, until), window)

    def idle(self, day: date, days: int, window) -> tuple:
        """Active logs without a known last activity first (key 0), then
        those idle ``days`` or more, oldest first; by rid within a day."""
        last = self._day("bti_last_activity", day - timedelta(days=days))
        return self.page("idle", totals.NEVER, last, window)

    def concerns(self, day: date, window) -> tuple:
        until = day + timedelta(days=rules.CONCERN_WARNING_DAYS)
        return self.page("concern", None, self._day("bti_deadline", until), window)

    def holder_suspects(self, people: dict) -> list[int]:
        """Active logs without a holder or with one the unit does not list."""
        found, filed, nobody = [], self.lists["holders"], frozenset()
        for unit, holders in filed.rids:  # keys only: no set or count is read
            staff = people.get(unit or "", nobody)
            if not holders or any(user_id not in staff for user_id in holders):
                found.extend(filed.rids[(unit, holders)])
        return found

    def counts(self) -> tuple[dict, int]:
        """(state -> logs, logs in all): a key per state."""
        by_state = dict(self.lists["by_state"].counted())
        return by_state, sum(by_state.values())

    def logs_in(self, uids: list[str]):
        """The rids of the logs of the units ``uids``."""
        filed = self.lists["by_unit"].rids
        return multiunion([filed[uid] for uid in uids if uid in filed])

    def logs_of(self, uids: list[str]) -> dict[str, int]:
        """Unit UID -> its logs, for the units ``uids``: a key each."""
        counts = self.lists["by_unit"].counts
        return {uid: counts[uid]() if uid in counts else 0 for uid in uids}


def every_log_lists(records, scope) -> SiteLists | None:
    """The kept lists when the viewer oversees every log (None: work it out
    from the sets, as for a unit leader)."""
    if not (p.EVERY_LOG_OVERSEEN and scope.all_units):
        return None
    lists = totals.lists_of(records.catalog)
    return None if lists is None else SiteLists(records, lists)


def site_lists(records, scope, unit: str) -> SiteLists | None:
    """The kept lists when they answer for this viewer's board (None: a unit
    leader, or a unit filter)."""
    return None if unit else every_log_lists(records, scope)
