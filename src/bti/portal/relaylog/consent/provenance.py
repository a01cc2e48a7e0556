"""How a consent came into the log, in one line: "signed with BankID <date>"
or "registered on paper by <staff name>, <date>". Shown wherever the consent
appears (the log's page, the family's pages, REST)."""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.memo import translate
from bti.portal.relaylog.consent.signing import signatures
from bti.portal.users import fullname


BANKID = "bankid"
PAPER = "paper"


def how_signed(consent) -> str:
    """BANKID, PAPER or "" (not signed yet)."""
    if signatures(consent) or getattr(consent, "signed_acr", ""):
        return BANKID
    if consent.signed:
        return PAPER
    return ""


def provenance(consent):
    """A translatable message, or None when the consent is not signed yet."""
    how = how_signed(consent)
    if how == BANKID:
        return _(
            "consent_signed_bankid",
            default="signed with BankID ${date}",
            mapping={"date": day_text(consent.signed)},
        )
    if how == PAPER:
        created = consent.created()
        return _(
            "consent_registered_on_paper",
            default="registered on paper by ${name}, ${date}",
            mapping={
                "name": fullname(consent.Creator()),
                "date": day_text(created.asdatetime() if created else consent.signed),
            },
        )
    return None


def provenance_text(consent) -> str:
    found = provenance(consent)
    return translate(found) if found is not None else ""
