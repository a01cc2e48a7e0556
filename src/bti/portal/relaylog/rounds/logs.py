"""The unit's active logs for a round: initials, level, holder and a prefilled
checklist, from catalog queries only (no log is woken, nothing of its content).

Prefilled: "holder present" from the staff list and absences; "consents valid"
when a consent of the log runs to today or later; "next meeting" when a meeting
lies ahead. What the catalog cannot tell ("plan up to date", and the rest when
it says nothing) is left for the leader (None).
"""

from bti.portal.catalog import meta
from bti.portal.dates import site_zone
from bti.portal.domain import rounds as r
from bti.portal.domain.levels import ACTIVE_STATES
from bti.portal.relaylog.rounds import staff
from bti.portal.relaylog.workflow.transitions import state_title
from bti.portal.users import fullname
from datetime import date
from datetime import datetime
from plone import api


def _catalog():
    return api.portal.get_tool("portal_catalog")


def _has(portal_type: str, path: str, **query) -> bool:
    return bool(
        _catalog().unrestrictedSearchResults(
            portal_type=portal_type, path={"query": path}, sort_limit=1, **query
        )
    )


def prefill(brain, listed: set[str], away: dict, day: date) -> dict:
    path = brain.getPath()
    holders = meta(brain, "bti_holder", ()) or ()
    consents = _has("Consent", path, bti_consent_expiry={"query": day, "range": "min"})
    meeting = _has(
        "Meeting",
        path,
        bti_start={"query": datetime.now(site_zone()), "range": "min"},
    )
    return {
        "holder_present": r.holder_present(holders, listed, away, day),
        "plan_current": None,
        "consents_valid": True if consents else None,
        "next_meeting": True if meeting else None,
    }


def is_active_log(unit, uid) -> bool:
    """Whether ``uid`` is an active log of ``unit`` (one catalog query)."""
    if not isinstance(uid, str) or not uid:
        return False
    return bool(
        _catalog().unrestrictedSearchResults(
            portal_type="RelayLog",
            UID=uid,
            bti_unit=unit.UID(),
            review_state=list(ACTIVE_STATES),
        )
    )


def active_uids(unit) -> set[str]:
    return {
        brain.UID
        for brain in _catalog().unrestrictedSearchResults(
            portal_type="RelayLog",
            bti_unit=unit.UID(),
            review_state=list(ACTIVE_STATES),
        )
    }


def active_logs(unit, day: date | None = None) -> list[dict]:
    """The unit's logs at level 1, 2 or 3, by initials."""
    day = day or date.today()
    listed = set(staff.staff_ids(unit)) | set(getattr(unit, "leaders", None) or ())
    away = staff.absences(unit)
    rows = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="RelayLog",
        bti_unit=unit.UID(),
        review_state=list(ACTIVE_STATES),
        sort_on="sortable_title",
    ):
        rows.append(_row(brain, prefill(brain, listed, away, day)))
    return rows


def _row(brain, prefilled: dict) -> dict:
    """A log's line in a round, from its catalog record."""
    state = meta(brain, "review_state", "")
    holders = meta(brain, "bti_holder", ()) or ()
    return {
        "uid": brain.UID,
        "initials": brain.Title,
        "level": state,
        "level_title": state_title(state),
        "holders": [{"id": h, "fullname": fullname(h)} for h in holders],
        "prefill": prefilled,
    }


def lines_now(uids) -> dict[str, dict]:
    """Log UID -> its state and holders now (what a round keeps of a line)."""
    uids = [uid for uid in uids if isinstance(uid, str) and uid]
    if not uids:
        return {}
    return {
        brain.UID: {
            "state": meta(brain, "review_state", ""),
            "holders": tuple(meta(brain, "bti_holder", ()) or ()),
        }
        for brain in _catalog().unrestrictedSearchResults(
            portal_type="RelayLog", UID=uids
        )
    }


def kept_logs(item) -> tuple[list[dict], bool]:
    """The lines of a past round as they were checked, by initials, and
    whether the round kept them (closed after snapshots came): initials from
    the catalog (a removed log: ""), level and holders from the round only."""
    entries = item["entries"]
    initials = {}
    if entries:
        for brain in _catalog().unrestrictedSearchResults(
            portal_type="RelayLog", UID=list(entries.keys())
        ):
            initials[brain.UID] = brain.Title
    kept = bool(item.get("snapshot"))
    rows = []
    for uid, entry in entries.items():
        state = entry.get("state", "") if kept else ""
        holders = entry.get("holders", ()) if kept else ()
        rows.append({
            "uid": uid,
            "initials": initials.get(uid, ""),
            "level": state,
            "level_title": state_title(state) if state else "",
            "holders": [{"id": h, "fullname": fullname(h)} for h in holders],
            "prefill": dict.fromkeys(r.CHECKS),
        })
    rows.sort(key=lambda row: (row["initials"] == "", row["initials"]))
    return rows, kept
