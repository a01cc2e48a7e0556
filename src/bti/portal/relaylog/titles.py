"""Neutral titles for log items whose content is free text (messages, meetings...)."""

from bti.portal import _
from bti.portal.vocabularies.logs import CONSENT_KINDS
from bti.portal.vocabularies.logs import MESSAGE_KINDS
from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _translate(msgid) -> str:
    language = api.portal.get_default_language() or "nb"
    return translate(msgid, target_language=language, context=getRequest())


def neutral_title(item) -> str:
    """A title that says what an item is and when, never what it says ("" keeps it)."""
    created = item.created().asdatetime().date() if item.created() else None
    if item.portal_type == "LogMessage":
        return f"{_translate(MESSAGE_KINDS.getTerm(item.kind).title)} {_date(created)}"
    if item.portal_type == "Meeting":
        return (
            f"{_translate(_('meeting_title', default='Meeting'))} {_date(item.start)}"
        )
    if item.portal_type == "Consent":
        kind = _translate(CONSENT_KINDS.getTerm(item.kind).title)
        return f"{kind} {_date(item.signed)}".strip()
    if item.portal_type == "Evaluation":
        title = _translate(_("evaluation_title", default="Evaluation"))
        return f"{title} {_date(created)}"
    return ""
