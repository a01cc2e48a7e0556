"""From a log in the ZODB to the plain facts the domain rules decide on."""

from bti.portal import _
from bti.portal.domain import consent as c
from bti.portal.domain import levels
from bti.portal.domain import national_id
from bti.portal.domain import permissions as p
from bti.portal.memo import tool
from bti.portal.relaylog import find_log
from bti.portal.relaylog import ids_below
from bti.portal.relaylog import in_order
from bti.portal.relaylog import of_type
from bti.portal.relaylog import roles
from bti.portal.relaylog.reasons import message
from bti.portal.settings import get_settings
from contextlib import contextmanager
from datetime import date
from plone import api

import threading


def consent_items(log) -> list:
    return items(log, "Consent")


def to_domain_consent(item) -> c.Consent:
    """``item``: a Consent object or z3c.form data with the same attributes."""
    return c.Consent(
        kind=getattr(item, "kind", "") or "",
        signed=getattr(item, "signed", None),
        signed_by=tuple(getattr(item, "signed_by", None) or ()),
        youth_signed=bool(getattr(item, "youth_signed", False)),
        services=frozenset(getattr(item, "services", None) or ()),
        valid_until=getattr(item, "valid_until", None),
        withdrawn=getattr(item, "withdrawn", None),
        single_signature_reason=getattr(item, "single_signature_reason", "") or "",
        other_guardian_effort=getattr(item, "other_guardian_effort", "") or "",
    )


def child_age(log, day: date | None = None) -> int:
    try:
        parsed = national_id.parse(getattr(log, "national_id", "") or "")
    except national_id.InvalidNationalId:
        return 0
    return parsed.age_on(day or date.today())


def consent_problems(log, consent: c.Consent, day: date | None = None) -> list[str]:
    return c.problems(
        consent,
        guardians=tuple(log.guardians or ()),
        child_age=child_age(log, day),
        consent_age=get_settings().consent_age,
    )


def recorded_consents(log) -> list[c.Consent]:
    """The log's consents recorded by the rules (signed, by the right people)."""
    found = []
    for item in consent_items(log):
        consent = to_domain_consent(item)
        if not consent_problems(log, consent):
            found.append(consent)
    return found


def participant_services(log) -> frozenset[str]:
    users = set()
    for role in roles.STAFF_ROLES:
        users.update(roles.users_with_role(log, role))
    return frozenset(filter(None, (roles.service_of_user(user) for user in users)))


_remembered = threading.local()


@contextmanager
def remembered():
    """Within: the facts of a log (``log_facts``) are found once per log and
    state, the items of a type (``items``), the log's unit and the current
    user's permissions (``may``) once. For a page that only reads, whose
    guards, menus and guide ask for them many times; writes never run inside."""
    outer = getattr(_remembered, "facts", None)
    _remembered.facts = {} if outer is None else outer
    try:
        yield
    finally:
        _remembered.facts = outer


def kept(key: tuple, compute):
    """``compute()`` once per ``key`` within ``remembered()`` (the page reads,
    the user does not change); outside it every time."""
    cache = getattr(_remembered, "facts", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def once(log, kind: str, compute):
    """``compute()`` once per log, state and ``kind`` within ``remembered()``."""
    if getattr(_remembered, "facts", None) is None:
        return compute()
    key = (
        kind,
        "/".join(log.getPhysicalPath()),
        tool("portal_workflow").getInfoFor(log, "review_state", levels.DRAFT),
    )
    return kept(key, compute)


# What a log's page lists (not the messages: a log has hundreds).
LISTED = ("Goal", "Activity", "Evaluation", "Meeting", "Consent", "Attachment")


def items(container, type_name: str) -> list:
    """``of_type``; within ``remembered()`` once per container and type (the
    log's page, its guide and its guards ask for the same lists), and the
    LISTED items of a log (its goals, their activities, their evaluations...)
    from one catalog search. Callers do not change the list."""
    if getattr(_remembered, "facts", None) is None:
        return of_type(container, type_name)
    path = "/".join(container.getPhysicalPath())
    log = find_log(container)
    if log is None or type_name not in LISTED:
        return kept(("items", path, type_name), lambda: of_type(container, type_name))
    log_path = "/".join(log.getPhysicalPath())
    below = kept(("listed", log_path), lambda: ids_below(log, LISTED))
    return kept(
        ("items", path, type_name),
        lambda: in_order(container, below.get((path, type_name))),
    )


def may(permission: str, obj) -> bool:
    """The current user's ``permission`` on ``obj``, once within ``remembered()``."""
    path = "/".join(obj.getPhysicalPath())
    return kept(
        ("may", permission, path),
        lambda: api.user.has_permission(permission, obj=obj),
    )


def unit(log):
    """``roles.unit_of``, once per log within ``remembered()``."""
    path = "/".join(log.getPhysicalPath())
    return kept(("unit", path), lambda: roles.unit_of(log))


def log_facts(log) -> levels.LogFacts:
    return once(log, "facts", lambda: _log_facts(log))


def _log_facts(log) -> levels.LogFacts:
    return levels.LogFacts(
        state=api.content.get_state(log, default=levels.DRAFT),
        consents=tuple(recorded_consents(log)),
        holder_service=getattr(unit(log), "service", "") or "",
        participant_services=participant_services(log),
        plan_coordinator=bool(roles.users_with_role(log, p.PLAN_COORDINATOR)),
    )


def transition_problems(log, transition_id: str, day: date | None = None) -> list[str]:
    return levels.guard(
        transition_id,
        log_facts(log),
        day or date.today(),
        close_reason=getattr(log, "close_reason", None) or "",
    )


def consent_form_problems(data) -> list:
    """Translatable messages for a consent being added or edited (form or REST)."""
    paper = [PAPER_FORM_MISSING] if needs_paper_form(data) else []
    log = find_log(getattr(data, "__context__", None))
    if log is None:
        return paper
    codes = consent_problems(log, to_domain_consent(data))
    # An unsigned consent may be saved as a draft; the rest must be right.
    codes = [code for code in codes if code != "not_signed"]
    if not getattr(data, "signed", None):
        codes = [code for code in codes if code not in ("signature_missing",)]
    return [message(code) for code in codes] + paper


PAPER_FORM_MISSING = _(
    "error_paper_form_missing",
    default="A consent signed on paper needs the scanned signed form: attach it "
    "as a PDF file or a picture.",
)


def needs_paper_form(data) -> bool:
    """A signed consent typed in by hand (not signed with BankID) without the
    scanned form. ``data``: form or REST data; its ``__context__`` is the
    consent when editing (else the log, or the add form's empty dict)."""
    if not getattr(data, "signed", None) or getattr(data, "paper_form", None):
        return False
    context = getattr(data, "__context__", None)
    if getattr(context, "portal_type", "") == "Consent":
        return not (context.signed_acr or getattr(context, "paper_form", None))
    return True
