"""The RelayLog permission matrix (role x state x permission): the one source of truth.

The workflow definition (definition.xml) and the access tests are both made from this
module. Design:

- Every permission in PERMISSIONS is managed in every state with acquire=False, so a log
  inherits nothing from the site. Roles not in ROLES (Site Administrator, Editor,
  Reviewer, Contributor, Reader, Owner, Member, Authenticated, Anonymous) get nothing on
  a log. Owner is left out on purpose: the creator keeps no access after a handover.
- Access comes only from local roles on the log (Plone sharing). Items inside a log
  (goals, activities, messages, meetings, consents, files) have no workflow of their own
  and follow the log's state by acquisition; their ids must not be speaking (random,
  like the log's), as anyone with "Access contents information" can list them.
- Oversight roles (UnitLeader, Coordinator) get neither View nor "Access contents
  information": they see status, deadlines and holder through "View log overview",
  checked by views outside the log (the unit's overview, the coordinator's reopen and
  deletion views) with checkPermission on each log; the standard @workflow endpoint
  needs View, which they lack on purpose. A unit leader who must see goals
  and messages is added as Participant, which the sharing page then shows.
- Anyone who can View can also see the overview; "Add portal content" (Plone's add
  menus) goes with each specific add permission.
- No view or service on a log or anything in it is public: each needs a permission
  of this matrix. The colleague a log is offered to holds RelayOffered (given with
  the offer, removed on accept, decline or withdrawal), which grants only "Answer
  handover offer"; the family holds "Sign consent" even on a draft log, where it
  sees nothing else.
- Manager (technical superuser) gets what any other role gets in the state, plus
  reading, sharing, deletion and move; it is read-only in passive and closed like
  everyone else.
"""

from __future__ import annotations

from bti.portal.domain.levels import CLOSED
from bti.portal.domain.levels import DRAFT
from bti.portal.domain.levels import INDIVIDUAL_PLAN
from bti.portal.domain.levels import INITIAL_STATE
from bti.portal.domain.levels import LEVEL1
from bti.portal.domain.levels import LEVEL2
from bti.portal.domain.levels import LEVEL3
from bti.portal.domain.levels import PASSIVE
from bti.portal.domain.levels import STATES
from bti.portal.domain.levels import TRANSITIONS
from collections.abc import Iterable


# Roles: ids are a contract; they are given as local roles on a log only.
RELAY_HOLDER = "RelayHolder"
PARTICIPANT = "Participant"
GUARDIAN = "Guardian"
YOUTH = "Youth"  # the young person at or over the site's consent age
UNIT_LEADER = "UnitLeader"
COORDINATOR = "Coordinator"
MANAGER = "Manager"
# The colleague named in an open handover offer, until they answer it.
RELAY_OFFERED = "RelayOffered"
# The coordinator (or barnekoordinator) of an individual plan (level 4), given on
# the one log that continues as the plan; grants nothing before the plan starts.
PLAN_COORDINATOR = "PlanCoordinator"
ROLES = (
    RELAY_HOLDER,
    PLAN_COORDINATOR,
    PARTICIPANT,
    GUARDIAN,
    YOUTH,
    UNIT_LEADER,
    COORDINATOR,
    RELAY_OFFERED,
    MANAGER,
)
# Never granted anything on a log (least privilege); listed for tests and reviews.
EXCLUDED_ROLES = (
    "Site Administrator",
    "Editor",
    "Reviewer",
    "Contributor",
    "Reader",
    "Owner",
    "Member",
    "Authenticated",
    "Anonymous",
)

# Zope/Plone permissions the site would otherwise grant to excluded roles.
VIEW = "View"
ACCESS = "Access contents information"
LIST = "List folder contents"
VERSIONS = "CMFEditions: Access previous versions"  # history: a read path too
MODIFY = "Modify portal content"
REVERT = "CMFEditions: Revert to previous versions"
SAVE_VERSION = (
    "CMFEditions: Save new version"  # every edit of a versioned item saves one
)
APPLY_VERSION_CONTROL = "CMFEditions: Apply version control"
ADD = "Add portal content"
DELETE = "Delete objects"
COPY_MOVE = "Copy or Move"  # a copy would carry the data out of the log
CHECKOUT = "iterate : Check out content"  # a working copy too: granted to nobody
CHANGE_ROLES = "Change local roles"
DELEGATE_ROLES = "Sharing page: Delegate roles"
# The product's own.
OVERVIEW = "bti.portal: View log overview"  # status, deadlines, holder; no content
EDIT_DETAILS = "bti.portal: Edit log details"  # full name, national id, unit
ADD_LOG_CONTENT = "bti.portal: Add log content"  # goals, activities, meetings
ADD_MESSAGE = "bti.portal: Add message"
ADD_EVALUATION = "bti.portal: Add evaluation"
ADD_CONSENT = "bti.portal: Add consent"
WITHDRAW_CONSENT = "bti.portal: Withdraw consent"
HAND_OVER = "bti.portal: Hand over log"  # offer the relay to a colleague
CHANGE_LEVEL = "bti.portal: Change log level"  # start, level changes, close, resume
REOPEN = "bti.portal: Reopen log"
# The handover offer (@@accept-handover, REST @handover): the offered colleague
# answers; whoever may hand over sees and withdraws the offer there too.
ANSWER_HANDOVER = "bti.portal: Answer handover offer"
# The consent text to sign (@@sign-consent, REST @sign-consent): the family signs,
# whoever may View the log reads it. logs/signing.py decides who may sign.
SIGN_CONSENT = "bti.portal: Sign consent"
# The audit of a unit's logs (@@unit-audit, REST @audit on a unit): granted on the
# log folder to UnitLeader, a local role on each unit for its leaders.
UNIT_AUDIT = "bti.portal: View unit audit"
# The unit leader's tasks on a unit (@@control-rounds, @@unit-staff, REST
# @control-rounds, @unit-staff): granted on the log folder, held on units by
# their leaders (UnitLeader, a local role on each unit) and by coordinators.
RUN_ROUNDS = "bti.portal: Run control rounds"
MANAGE_STAFF = "bti.portal: Manage unit staff"
# Statistics of the site's work (@@statistics, REST @statistics on the log
# folder): coordinators everywhere, unit leaders on their units.
VIEW_STATISTICS = "bti.portal: View statistics"

PERMISSIONS = (
    VIEW,
    ACCESS,
    LIST,
    VERSIONS,
    MODIFY,
    REVERT,
    SAVE_VERSION,
    APPLY_VERSION_CONTROL,
    ADD,
    DELETE,
    COPY_MOVE,
    CHECKOUT,
    CHANGE_ROLES,
    DELEGATE_ROLES,
    OVERVIEW,
    EDIT_DETAILS,
    ADD_LOG_CONTENT,
    ADD_MESSAGE,
    ADD_EVALUATION,
    ADD_CONSENT,
    WITHDRAW_CONSENT,
    HAND_OVER,
    CHANGE_LEVEL,
    REOPEN,
    ANSWER_HANDOVER,
    SIGN_CONSENT,
)

# Bundles.
READ = frozenset({VIEW, ACCESS, LIST, VERSIONS, OVERVIEW})
SHARE = frozenset({CHANGE_ROLES, DELEGATE_ROLES})
# Writing goals, activities, meetings, messages and evaluations. Modify applies to
# every item in the log (items follow the log's state), so the Plone layer offers no
# edit form for messages and evaluations once posted.
STAFF_WRITE = frozenset({
    MODIFY,
    SAVE_VERSION,
    APPLY_VERSION_CONTROL,
    ADD,
    ADD_LOG_CONTENT,
    ADD_MESSAGE,
    ADD_EVALUATION,
})
# Families: messages and evaluations, never changes to what others wrote.
FAMILY_WRITE = frozenset({ADD, ADD_MESSAGE, ADD_EVALUATION, WITHDRAW_CONSENT})
# The holder runs the log: details, consent, level, sharing, handover, history, and
# deleting items set up by mistake (the LogFolder grants Delete objects to nobody
# but Manager/Coordinator, so a holder cannot delete the log itself).
HOLDER_RUNS = SHARE | {
    REVERT,
    DELETE,
    EDIT_DETAILS,
    ADD_CONSENT,
    WITHDRAW_CONSENT,
    HAND_OVER,
    CHANGE_LEVEL,
}
OVERSIGHT = frozenset({OVERVIEW})

_active = {
    # Holder and participants read and write; family reads everything and adds
    # messages and evaluations, and may withdraw consent at any time.
    RELAY_HOLDER: READ | STAFF_WRITE | HOLDER_RUNS,
    PARTICIPANT: READ | STAFF_WRITE,
    GUARDIAN: READ | FAMILY_WRITE,
    YOUTH: READ | FAMILY_WRITE,
    # The unit leader appoints holders and may hand over for an absent holder.
    UNIT_LEADER: OVERSIGHT | {HAND_OVER},
    COORDINATOR: OVERSIGHT,
}

GRANTS: dict[str, dict[str, frozenset[str]]] = {
    # Set up before consent: only the holder sees content. No participants and no
    # family yet, since nothing may be shared before consent.
    DRAFT: {
        RELAY_HOLDER: READ | STAFF_WRITE | HOLDER_RUNS,
        UNIT_LEADER: OVERSIGHT | {HAND_OVER},
        COORDINATOR: OVERSIGHT,
    },
    LEVEL1: _active,
    LEVEL2: _active,
    LEVEL3: _active,
    # Individual plan (level 4): the plan coordinator runs the collaboration as the
    # holder did, but hands over to nobody (the relay role has ended; a new
    # coordinator is named by sharing). The former holder stays on as Participant
    # (set when the plan starts) and, as RelayHolder, only reads. Participants
    # and the family go on as at level 3.
    INDIVIDUAL_PLAN: {
        PLAN_COORDINATOR: READ | STAFF_WRITE | (HOLDER_RUNS - {HAND_OVER}),
        RELAY_HOLDER: READ,
        PARTICIPANT: READ | STAFF_WRITE,
        GUARDIAN: READ | FAMILY_WRITE,
        YOUTH: READ | FAMILY_WRITE,
        UNIT_LEADER: OVERSIGHT,
        COORDINATOR: OVERSIGHT,
    },
    # Consent withdrawn: nothing is changed ("read-only for staff", issue 4).
    # Participants keep reading what was shared while consent held; the holder
    # keeps reading to archive and close, records a new consent to resume, and
    # shares or hands over. The family keeps reading. Deletion requests are
    # handled by the coordinator.
    PASSIVE: {
        RELAY_HOLDER: READ | SHARE | {ADD, ADD_CONSENT, CHANGE_LEVEL, HAND_OVER},
        PLAN_COORDINATOR: READ,
        PARTICIPANT: READ,
        GUARDIAN: READ,
        YOUTH: READ,
        UNIT_LEADER: OVERSIGHT | {HAND_OVER},
        COORDINATOR: OVERSIGHT | {DELETE},
    },
    # Closed: read-only for holder and family. Only the coordinator (or Manager)
    # reopens: records the new consent, picks the holder, handles deletion requests.
    CLOSED: {
        RELAY_HOLDER: READ,
        PLAN_COORDINATOR: READ,
        GUARDIAN: READ,
        YOUTH: READ,
        UNIT_LEADER: OVERSIGHT,
        COORDINATOR: OVERSIGHT | {DELETE, ADD, ADD_CONSENT, HAND_OVER, REOPEN},
    },
}
# Derived grants, the same in every state: the offered colleague answers the
# offer, and whoever hands over reaches it too (to see and withdraw it). The
# family reaches the consent text to sign, and whoever reads the log reads it.
for _state, _grants in list(GRANTS.items()):
    _grants = {role: set(granted) for role, granted in _grants.items()}
    _grants.setdefault(RELAY_OFFERED, set()).add(ANSWER_HANDOVER)
    for _role in (GUARDIAN, YOUTH):
        _grants.setdefault(_role, set()).add(SIGN_CONSENT)
    for _granted in _grants.values():
        if HAND_OVER in _granted:
            _granted.add(ANSWER_HANDOVER)
        if VIEW in _granted:
            _granted.add(SIGN_CONSENT)
    GRANTS[_state] = {role: frozenset(granted) for role, granted in _grants.items()}
# Manager: the union of the state's other grants, plus read, share, delete and move.
for _state, _grants in list(GRANTS.items()):
    _union = frozenset().union(*_grants.values())
    GRANTS[_state] = {
        **_grants,
        MANAGER: _union | READ | SHARE | {DELETE, COPY_MOVE},
    }
del _state, _grants, _union, _role, _granted

# Which permission guards each transition (the DCWorkflow guard). Facts (consent, close
# reason) are checked by levels.guard. Withdrawal is open to the family; the Plone layer
# sets the withdrawal date on the consents, then fires the transition.
TRANSITION_PERMISSIONS: dict[str, str] = {
    "start": CHANGE_LEVEL,
    "to_level1": CHANGE_LEVEL,
    "to_level2": CHANGE_LEVEL,
    "to_level3": CHANGE_LEVEL,
    "to_individual_plan": CHANGE_LEVEL,
    "withdraw_consent": WITHDRAW_CONSENT,
    "resume": CHANGE_LEVEL,
    "close": CHANGE_LEVEL,
    "reopen": REOPEN,
}


def _check() -> None:
    if set(GRANTS) != set(STATES):
        raise ValueError("GRANTS must list every state")
    if set(TRANSITION_PERMISSIONS) != set(TRANSITIONS):
        raise ValueError("TRANSITION_PERMISSIONS must list every transition")
    for state, grants in GRANTS.items():
        for role, permissions in grants.items():
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r} in {state}")
            unknown = set(permissions) - set(PERMISSIONS)
            if unknown:
                raise ValueError(f"unknown permissions {unknown} in {state}")


_check()

# state -> permission -> roles (in ROLES order), every pair present.
MATRIX: dict[str, dict[str, tuple[str, ...]]] = {
    state: {
        permission: tuple(
            role for role in ROLES if permission in GRANTS[state].get(role, ())
        )
        for permission in PERMISSIONS
    }
    for state in STATES
}


def roles_for(state: str, permission: str) -> tuple[str, ...]:
    """Roles holding ``permission`` on a log in ``state`` (KeyError when unknown)."""
    return MATRIX[state][permission]


def permissions_for(state: str, role: str) -> frozenset[str]:
    """Permissions ``role`` holds on a log in ``state``."""
    if state not in GRANTS:
        raise KeyError(state)
    return frozenset(GRANTS[state].get(role, ()))


def has_permission(state: str, roles: Iterable[str], permission: str) -> bool:
    """Whether any of ``roles`` holds ``permission`` in ``state``."""
    return bool(set(roles) & set(roles_for(state, permission)))


def as_dcworkflow_permission_map() -> dict:
    """Plain data for a DCWorkflow definition.xml generator.

    {"initial_state": str,
     "permissions": (managed permission, ...),
     "states": {state: {"exit_transitions": (id, ...),
                        "permissions": {permission: {"acquired": False,
                                                     "roles": (role, ...)}}}},
     "transitions": {id: {"new_state": str, "sources": (state, ...),
                          "guard_permission": str}}}
    """
    return {
        "initial_state": INITIAL_STATE,
        "permissions": PERMISSIONS,
        "states": {
            state: {
                "exit_transitions": tuple(
                    t.id for t in TRANSITIONS.values() if state in t.sources
                ),
                "permissions": {
                    permission: {"acquired": False, "roles": roles}
                    for permission, roles in MATRIX[state].items()
                },
            }
            for state in STATES
        },
        "transitions": {
            t.id: {
                "new_state": t.target,
                "sources": t.sources,
                "guard_permission": TRANSITION_PERMISSIONS[t.id],
            }
            for t in TRANSITIONS.values()
        },
    }


# --- Concerns (level 0, "undring") and the log folder -------------------------------
# A concern is seen only by the employee who noted it (Owner) and the unit leaders
# of its unit (UnitLeader, a local role kept in step with the unit). Two states:
# open, and decided (read-only: the decision and its reason are the record).
STAFF = "Staff"  # global role (group "bti-staff"): may note concerns and start logs
CONCERN_OPEN = "open"
CONCERN_DECIDED = "decided"
CONCERN_STATES = (CONCERN_OPEN, CONCERN_DECIDED)
CONCERN_ROLES = ("Owner", UNIT_LEADER, MANAGER)
DECIDE_CONCERN = "bti.portal: Decide concern"
CONCERN_PERMISSIONS = (
    VIEW,
    ACCESS,
    LIST,
    VERSIONS,
    MODIFY,
    SAVE_VERSION,
    APPLY_VERSION_CONTROL,
    DELETE,
    COPY_MOVE,
    CHECKOUT,
    DECIDE_CONCERN,
)
_CONCERN_READ = frozenset({VIEW, ACCESS, LIST, VERSIONS})
_CONCERN_WRITE = frozenset({MODIFY, SAVE_VERSION, APPLY_VERSION_CONTROL})
CONCERN_GRANTS: dict[str, dict[str, frozenset[str]]] = {
    CONCERN_OPEN: {
        "Owner": _CONCERN_READ | _CONCERN_WRITE | {DECIDE_CONCERN},
        UNIT_LEADER: _CONCERN_READ | {DECIDE_CONCERN},
        MANAGER: _CONCERN_READ | _CONCERN_WRITE | {DELETE, COPY_MOVE, DECIDE_CONCERN},
    },
    CONCERN_DECIDED: {
        "Owner": _CONCERN_READ,
        UNIT_LEADER: _CONCERN_READ,
        MANAGER: _CONCERN_READ | {DELETE},
    },
}
CONCERN_TRANSITIONS = {"decide": ((CONCERN_OPEN,), CONCERN_DECIDED, DECIDE_CONCERN)}

# The log folder (one per site) holds units, concerns and logs. Logs and concerns
# manage every permission themselves (acquire=False), so these grants reach only
# the folder and the units in it. Only Manager and Coordinator may delete a log.
LOG_FOLDER_GRANTS: dict[str, tuple[str, ...]] = {
    VIEW: (MANAGER, "Site Administrator", STAFF, COORDINATOR),
    ACCESS: (MANAGER, "Site Administrator", "Authenticated"),
    LIST: (MANAGER, "Site Administrator", STAFF, COORDINATOR),
    MODIFY: (MANAGER, "Site Administrator"),
    ADD: (MANAGER, "Site Administrator", STAFF),
    DELETE: (MANAGER, COORDINATOR),
    "bti.portal: Add Unit": (MANAGER, "Site Administrator"),
    "bti.portal: Add Concern": (MANAGER, STAFF),
    "bti.portal: Add RelayLog": (MANAGER, STAFF),
    # The add forms check field write permissions on the folder: whoever starts
    # a log fills in the child's name and national id. Logs manage their own.
    EDIT_DETAILS: (MANAGER, STAFF),
    "bti.portal: Import log": (MANAGER, COORDINATOR),  # a log from another BTI site
    # Units acquire this; logs and concerns do not use it.
    UNIT_AUDIT: (MANAGER, UNIT_LEADER),
    RUN_ROUNDS: (MANAGER, UNIT_LEADER, COORDINATOR),
    MANAGE_STAFF: (MANAGER, UNIT_LEADER, COORDINATOR),
    VIEW_STATISTICS: (MANAGER, COORDINATOR, UNIT_LEADER),
}


def concern_matrix() -> dict[str, dict[str, tuple[str, ...]]]:
    """state -> permission -> roles for the concern workflow."""
    return {
        state: {
            permission: tuple(
                role
                for role in CONCERN_ROLES
                if permission in CONCERN_GRANTS[state].get(role, ())
            )
            for permission in CONCERN_PERMISSIONS
        }
        for state in CONCERN_STATES
    }


# --- The archive (arkivloven § 6) ----------------------------------------------------
# PDF/A copies of each log, stored outside the log (site annotations, see
# bti.portal.archive.store) and reached only through views and services that check
# these permissions. Archivist is a global role given to the municipality's archive
# staff; nobody gets it as a local role. Both permissions are set on the site root
# (acquire=False) exactly as below; logs do not manage them, so they acquire them.
ARCHIVIST = "Archivist"
READ_ARCHIVE = "bti.portal: Read archive"  # list copies, download a copy
MAKE_ARCHIVE_COPY = "bti.portal: Make archive copy"  # a copy now, on demand
ARCHIVE_GRANTS: dict[str, tuple[str, ...]] = {
    READ_ARCHIVE: (MANAGER, ARCHIVIST),
    MAKE_ARCHIVE_COPY: (MANAGER, ARCHIVIST),
}


# A coordinator and a Manager oversee every log in every state (the sharing
# page keeps a log's roles inherited, so the log folder's reach every log):
# their dashboard and overview may count every log of the site.
EVERY_LOG_OVERSEEN = all(
    has_permission(state, {role}, OVERVIEW)
    for state in STATES
    for role in (COORDINATOR, MANAGER)
)
