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


# Items whose titles are made by the product (what and when, never content).
GENERATED = ("LogMessage", "Meeting", "Consent", "Evaluation")


def _titled(item, say) -> str:
    created = item.created().asdatetime().date() if item.created() else None
    if item.portal_type == "LogMessage":
        return f"{say(MESSAGE_KINDS.getTerm(item.kind).title)} {_date(created)}"
    if item.portal_type == "Meeting":
        return f"{say(_('meeting_title', default='Meeting'))} {_date(item.start)}"
    if item.portal_type == "Consent":
        kind = say(CONSENT_KINDS.getTerm(item.kind).title)
        return f"{kind} {_date(item.signed)}".strip()
    if item.portal_type == "Evaluation":
        return f"{say(_('evaluation_title', default='Evaluation'))} {_date(created)}"
    return ""


def neutral_title(item) -> str:
    """A title that says what an item is and when, never what it says ("" keeps it).
    Stored in the site's language."""
    return _titled(item, _translate)


def reader_title(item) -> str:
    """The item's title as its reader reads it: a neutral title in the reader's
    language (a family may read Arabic on a bokmål site), else the stored one."""
    if getattr(item, "portal_type", "") in GENERATED and item.Title() == (
        neutral_title(item)
    ):
        request = getRequest()
        title = _titled(item, lambda msgid: translate(msgid, context=request))
        if title:
            return title
    return item.Title()
