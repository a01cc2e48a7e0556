"""Signing a consent after a high assurance login, and withdrawing consent.

A guardian or the young person reads the consent text
(bti.portal.relaylog.consent.texts) and confirms it. The consent then records the
signer (user id in ``signed_by``, or ``youth_signed``), the day, the login's acr,
the text version and the signer's keyed pid hash (``signer_ref``). Every signature
is also kept in a list on the consent (annotation), so two guardians signing are
both on record.

Families have no "Modify portal content" on a consent (bti.portal.domain.permissions).
The views and services call these functions after the checks below; the
functions then write the attributes directly in Python, which needs no Zope
permission. Nothing else in the product writes a signature.
"""

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import find_log
from bti.portal.relaylog.consent import texts as consent_texts
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.facts import consent_items
from bti.portal.relaylog.family import members as family
from datetime import date
from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.api.exc import InvalidParameterError
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.annotation.interfaces import IAnnotations

import transaction


SIGNATURES = "bti.portal.consent.signatures"
WITHDRAWALS = "bti.portal.consent.withdrawals"

MESSAGES = {
    "sign_no_text": _(
        "sign_no_text", default="This kind of consent cannot be signed here."
    ),
    "sign_text_changed": _(
        "sign_text_changed",
        default="The consent text has changed since it was shown to you. "
        "Please read it again and confirm.",
    ),
    "sign_not_family": _(
        "sign_not_family",
        default="Only the child's guardians or the young person can sign this consent.",
    ),
    "sign_not_guardian": _(
        "sign_not_guardian",
        default="You are not in the log's list of guardians with parental "
        "responsibility. "
        "Ask the relay holder to add you.",
    ),
    "sign_already_signed": _(
        "sign_already_signed", default="You have already signed this consent."
    ),
    "sign_withdrawn": _(
        "sign_withdrawn",
        default="This consent has been withdrawn. It cannot be signed.",
    ),
    "sign_log_closed": _(
        "sign_log_closed",
        default="The log is closed. "
        "A new consent is recorded when the log is opened again.",
    ),
    "withdraw_not_active": _(
        "withdraw_not_active",
        default="Consent can be withdrawn only while the log is active.",
    ),
    "withdraw_refused": _(
        "withdraw_refused",
        default="The consent could not be withdrawn. Please contact the relay holder.",
    ),
}


class SigningError(CodedError):
    """``code`` is a key of MESSAGES."""

    messages = MESSAGES


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def signatures(consent) -> list[dict]:
    """Every signature: user_id, role, at (UTC), acr, text_version, pid_hash."""
    return [dict(record) for record in IAnnotations(consent).get(SIGNATURES, ())]


def withdrawals(consent) -> list[dict]:
    return [dict(record) for record in IAnnotations(consent).get(WITHDRAWALS, ())]


def _append(obj, key: str, record: dict) -> None:
    annotations = IAnnotations(obj)
    if key not in annotations:
        annotations[key] = PersistentList()
    annotations[key].append(PersistentMapping(record))


def text_to_sign(consent) -> consent_texts.ConsentText | None:
    return consent_texts.current(getattr(consent, "kind", "") or "")


def may_read(consent, user_id: str) -> bool:
    """Who may see the text to sign: whoever can View the consent, and the
    family on a draft log (which shares nothing else before consent)."""
    if api.user.has_permission("View", obj=consent):
        return True
    log = find_log(consent)
    return bool(log is not None and family.family_role(log, user_id))


def sign_problem(consent, user_id: str) -> str | None:
    """Why ``user_id`` may not sign now (a MESSAGES code), or None."""
    log = find_log(consent)
    if log is None or text_to_sign(consent) is None:
        return "sign_no_text"
    if api.content.get_state(log) == levels.CLOSED:
        return "sign_log_closed"
    if getattr(consent, "withdrawn", None):
        return "sign_withdrawn"
    role = family.family_role(log, user_id)
    if role is None:
        return "sign_not_family"
    if any(record["user_id"] == user_id for record in signatures(consent)):
        return "sign_already_signed"
    if (
        role == p.GUARDIAN
        and user_id not in (log.guardians or [])
        and family.entry_of_user(log, user_id, p.GUARDIAN) is None
    ):
        return "sign_not_guardian"
    return None


def page_data(consent, user_id: str, language: str) -> dict:
    """What the page and GET @sign-consent show: the text to sign and its state."""
    text = text_to_sign(consent)
    mine = [r for r in signatures(consent) if r["user_id"] == user_id]
    valid_until = getattr(consent, "valid_until", None)
    return {
        "kind": consent.kind,
        "text_version": text.version if text else "",
        "language": language,
        "text": list(text.in_language(language)) if text else [],
        "services": list(getattr(consent, "services", None) or []),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "signatures": len(signatures(consent)),
        "signed_by_me": mine[-1]["at"] if mine else None,
        "problem": sign_problem(consent, user_id),
    }


def _rename_guardian(log, old: str, new: str) -> None:
    """The guardian's user id takes their name's place, in the log and its consents."""
    guardians = list(log.guardians or [])
    if old and old in guardians:
        guardians[guardians.index(old)] = new
    elif new not in guardians:
        guardians.append(new)
    log.guardians = guardians
    if not old:
        return
    for item in consent_items(log):
        signed_by = list(getattr(item, "signed_by", None) or [])
        if old in signed_by:
            item.signed_by = [new if name == old else name for name in signed_by]


def sign(
    consent, user_id: str, acr: str, text_version: str, day: date | None = None
) -> dict:
    """Record the signature of ``user_id``; raises SigningError. Returns the record.

    ``acr``: from bti.portal.oidc.assurance.signature_acr; ``text_version``: the
    version the person was shown (it must still be the current one).
    """
    problem = sign_problem(consent, user_id)
    if problem:
        raise SigningError(problem)
    text = text_to_sign(consent)
    if text_version != text.version:
        raise SigningError("sign_text_changed")
    log = find_log(consent)
    role = family.family_role(log, user_id)
    hashed = family.pid_hash_of_user(user_id) or ""
    if role == p.GUARDIAN:
        if user_id not in (log.guardians or []):
            entry = family.entry_of_user(log, user_id, p.GUARDIAN)
            _rename_guardian(log, entry.get("name", ""), user_id)
        consent.signed_by = [*(consent.signed_by or []), user_id]
    else:
        consent.youth_signed = True
    # Direct writes: see the module docstring (checked above, no Modify needed).
    consent.signed = day or date.today()
    consent.signer_ref = hashed
    consent.signed_acr = acr
    consent.text_version = text.version
    record = {
        "user_id": user_id,
        "role": role,
        "at": _now(),
        "acr": acr,
        "text_version": text.version,
        "pid_hash": hashed,
    }
    _append(consent, SIGNATURES, record)
    consent.reindexObject()
    return record


def withdraw(log, user_id: str, acr: str, day: date | None = None) -> list:
    """Withdraw the consent to keep the log: ``withdrawn`` on its create consents,
    then the log's ``withdraw_consent`` transition (the log goes passive).

    The caller has checked "bti.portal: Withdraw consent" on the log; the
    workflow checks it again for the transition. Returns the consents withdrawn.
    """
    if api.content.get_state(log) not in levels.WORKING_STATES:
        raise SigningError("withdraw_not_active")
    day = day or date.today()
    savepoint = transaction.savepoint()
    changed = []
    for item in consent_items(log):
        if item.kind == "create" and not getattr(item, "withdrawn", None):
            item.withdrawn = day  # a direct write, as in sign()
            _append(item, WITHDRAWALS, {"user_id": user_id, "at": _now(), "acr": acr})
            item.reindexObject()
            changed.append(item)
    try:
        api.content.transition(obj=log, transition="withdraw_consent")
    except (WorkflowException, InvalidParameterError):
        savepoint.rollback()
        raise SigningError("withdraw_refused") from None
    return changed
