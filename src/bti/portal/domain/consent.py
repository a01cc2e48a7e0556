"""Consent (samtykke) for a Stafettlogg: kinds, signers, validity, renewal.

A log is always based on consent. Three kinds:

- CREATE: consent to create the log (needed to leave ``draft``);
- COOPERATION: informed consent to cooperate with the named services (needed for other
  services to take part, for level 2 and 3, and at transitions between units);
- ACCESS: consent for the named services to access (innsyn) an existing log.

Who signs: the guardians with parental responsibility, or the young person at or over
the site's consent age (15 or 16, a site setting passed in as ``consent_age``).
Either is enough: a young person at the consent age may consent without the guardians.

Dates are ``datetime.date``; ``valid_until`` is inclusive. A consent is valid from its
signing day while not expired and not withdrawn; withdrawal takes effect on its day.
Consent for cooperation runs at most two years (renew every second year); with no
``valid_until`` it expires two years after signing. The other kinds run until their
``valid_until`` or, without one, until withdrawn.

When the family withdraws the consent to keep the log (the log goes passive),
the log's other consents are no longer in use either: ``status_in_log`` reads
them as NOT_IN_USE, never as valid.

``is_valid`` looks at dates only; ``problems`` checks who signed and must be empty
before the Plone layer records a consent as signed.
"""

from __future__ import annotations

from bti.portal.domain.deadlines import add_months
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


CREATE = "create"
COOPERATION = "cooperation"
ACCESS = "access"
KINDS = (CREATE, COOPERATION, ACCESS)
# Kinds that name the services they cover.
KINDS_WITH_SERVICES = (COOPERATION, ACCESS)

COOPERATION_YEARS = 2
EXPIRING_DAYS = 30  # default warning window before expiry

# status() values
UNSIGNED = "unsigned"
NOT_YET_VALID = "not_yet_valid"
VALID = "valid"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
NOT_IN_USE = "not_in_use"  # status_in_log: the family withdrew the log's consent

MESSAGES: dict[str, str] = {
    # status
    UNSIGNED: "The consent is not signed.",
    NOT_YET_VALID: "The consent is signed with a later date.",
    VALID: "The consent is valid.",
    EXPIRED: "The consent has expired and must be renewed.",
    WITHDRAWN: "The consent has been withdrawn.",
    NOT_IN_USE: "Not in use: the family withdrew the consent to keep the log.",
    # flags
    "consent_expired": "The consent has expired and must be renewed.",
    "consent_expiring": "The consent expires soon; ask for a renewal.",
    # problems
    "kind_unknown": "Unknown kind of consent.",
    "not_signed": "The consent has no signing date.",
    "signature_missing": "Nobody who may consent has signed.",
    "signer_not_guardian": "Someone who signed is not a guardian with parental "
    "responsibility.",
    "youth_under_consent_age": "The young person is under the consent age and cannot "
    "consent alone.",
    "single_signature_reason_missing": "Only one guardian signed: record why.",
    "other_guardian_effort_missing": "Only one guardian signed: record what was done "
    "to get the other signature.",
    "services_missing": "Name the services the consent covers.",
    "valid_until_before_signed": "The end date is before the signing date.",
    "validity_too_long": "Consent for cooperation must be renewed at least every "
    "second year.",
    "withdrawn_before_signed": "The withdrawal date is before the signing date.",
}


@dataclass(frozen=True)
class Consent:
    kind: str
    signed: date | None = None  # None: not signed (yet)
    signed_by: tuple[str, ...] = ()  # ids of the guardians who signed
    youth_signed: bool = False  # the young person signed for themselves
    services: frozenset[str] = frozenset()  # COOPERATION/ACCESS: the services covered
    valid_until: date | None = None  # inclusive; None: the default for the kind
    withdrawn: date | None = None
    # Fewer guardians signed than hold parental responsibility: why, and what was done.
    single_signature_reason: str = ""
    other_guardian_effort: str = ""


def expiry(consent: Consent) -> date | None:
    """Last valid day, or None when the consent runs until withdrawn."""
    if consent.valid_until is not None:
        return consent.valid_until
    if consent.kind == COOPERATION and consent.signed is not None:
        return add_months(consent.signed, 12 * COOPERATION_YEARS)
    return None


def status(consent: Consent, day: date) -> str:
    """One of UNSIGNED, NOT_YET_VALID, WITHDRAWN, EXPIRED, VALID on ``day``."""
    if consent.signed is None:
        return UNSIGNED
    if day < consent.signed:
        return NOT_YET_VALID
    if consent.withdrawn is not None and day >= consent.withdrawn:
        return WITHDRAWN
    end = expiry(consent)
    if end is not None and day > end:
        return EXPIRED
    return VALID


def log_withdrawn(consents: Iterable[Consent], day: date) -> bool:
    """The family withdrew the consent to keep the log (the log is passive): a
    consent to create it is withdrawn on ``day`` and none is valid."""
    creates = [x for x in consents if x.kind == CREATE]
    withdrawn = any(status(x, day) == WITHDRAWN for x in creates)
    return withdrawn and not has_valid(creates, CREATE, day)


def status_in_log(consent: Consent, consents: Iterable[Consent], day: date) -> str:
    """``status`` of ``consent`` among its log's ``consents``: NOT_IN_USE (not
    valid, not to be renewed) for any consent not itself withdrawn once the
    family withdrew the consent to keep the log."""
    found = status(consent, day)
    if found != WITHDRAWN and log_withdrawn(consents, day):
        return NOT_IN_USE
    return found


def is_valid(consent: Consent, day: date) -> bool:
    return status(consent, day) == VALID


def is_expired(consent: Consent, day: date) -> bool:
    return status(consent, day) == EXPIRED


def expires_within(consent: Consent, day: date, days: int = EXPIRING_DAYS) -> bool:
    """Valid on ``day`` and expiring at most ``days`` days later."""
    end = expiry(consent)
    return is_valid(consent, day) and end is not None and (end - day).days <= days


def flags(consent: Consent, day: date, days: int = EXPIRING_DAYS) -> list[str]:
    """[] or ["consent_expired"] or ["consent_expiring"], for lists and reminders."""
    if is_expired(consent, day):
        return ["consent_expired"]
    if expires_within(consent, day, days):
        return ["consent_expiring"]
    return []


def valid_consents(consents: Iterable[Consent], kind: str, day: date) -> list[Consent]:
    return [c for c in consents if c.kind == kind and is_valid(c, day)]


def has_valid(consents: Iterable[Consent], kind: str, day: date) -> bool:
    return bool(valid_consents(consents, kind, day))


def covers_service(
    consents: Iterable[Consent], service: str, day: date, kind: str = COOPERATION
) -> bool:
    """A consent of ``kind`` valid on ``day`` names ``service``."""
    return any(service in c.services for c in valid_consents(consents, kind, day))


def uncovered_services(
    consents: Iterable[Consent],
    services: Iterable[str],
    day: date,
    kind: str = COOPERATION,
) -> tuple[str, ...]:
    """The services (sorted) no valid consent of ``kind`` covers on ``day``."""
    covered: set[str] = set()
    for c in valid_consents(consents, kind, day):
        covered |= c.services
    return tuple(sorted(set(services) - covered))


def youth_may_consent(child_age: int, consent_age: int) -> bool:
    """The young person consents alone from the site's consent age (15 or 16)."""
    return child_age >= consent_age


def _date_problems(consent: Consent) -> list[str]:
    """Codes for dates that do not fit the signing day (``signed`` is set)."""
    found: list[str] = []
    if consent.valid_until is not None and consent.valid_until < consent.signed:
        found.append("valid_until_before_signed")
    end = expiry(consent)
    longest = add_months(consent.signed, 12 * COOPERATION_YEARS)
    if consent.kind == COOPERATION and end is not None and end > longest:
        found.append("validity_too_long")
    if consent.withdrawn is not None and consent.withdrawn < consent.signed:
        found.append("withdrawn_before_signed")
    return found


def problems(
    consent: Consent, guardians: Sequence[str], child_age: int, consent_age: int
) -> list[str]:
    """Codes for what is wrong with a signed consent; [] when it may be recorded.

    ``guardians``: ids of the child's guardians with parental responsibility.
    """
    found: list[str] = []
    if consent.kind not in KINDS:
        found.append("kind_unknown")
    if consent.signed is None:
        found.append("not_signed")
    if consent.kind in KINDS_WITH_SERVICES and not consent.services:
        found.append("services_missing")

    if consent.signed is not None:
        found += _date_problems(consent)

    holders = set(guardians)
    if set(consent.signed_by) - holders:
        found.append("signer_not_guardian")
    if consent.youth_signed and youth_may_consent(child_age, consent_age):
        return found  # the young person's own consent is enough

    # Under the consent age the young person may sign along, but the guardians decide.
    signed = set(consent.signed_by) & holders
    if not signed:
        found.append(
            "youth_under_consent_age" if consent.youth_signed else "signature_missing"
        )
    elif len(signed) < len(holders):
        if not consent.single_signature_reason.strip():
            found.append("single_signature_reason_missing")
        if not consent.other_guardian_effort.strip():
            found.append("other_guardian_effort_missing")
    return found
