"""The log actions a guide step may name, and their buttons for the current user.

The titles are the ones the log's page already uses for the same actions. A
button is offered only when the current user may do the action on this log
now: the same checks as the log's page (add permissions and the type's
allowed content, the workflow's transitions with their guards, the handover
and sharing permissions, the family's evaluation rule).
"""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.memo import tool
from bti.portal.memo import translated
from bti.portal.relaylog import facts
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.relaylog.workflow import transitions
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


SHARING = "Sharing page: Delegate roles"
LEVEL_TRANSITIONS = ("to_level1", "to_level2", "to_level3")

# token -> title, in the order a log goes through them.
ACTIONS = (
    ("add_consent", _("add_consent", default="Record consent")),
    ("start", _("Start the log (consent given)")),
    ("add_goal", _("add_goal", default="Add goal")),
    ("add_meeting", _("add_meeting", default="Add meeting")),
    ("add_message", _("add_message", default="Write message")),
    ("evaluate", _("add_evaluation", default="Add evaluation")),
    ("share", _("log_people_access", default="People and access")),
    ("hand_over", _("hand_over_log", default="Hand over the log")),
    ("change_level", _("heading_level_changes", default="Change level")),
    ("close", _("Close the log")),
)
TITLES = dict(ACTIONS)
ADD_TYPES = {
    "add_consent": "Consent",
    "add_goal": "Goal",
    "add_meeting": "Meeting",
    "add_message": "LogMessage",
}
VOCABULARY = SimpleVocabulary([
    SimpleTerm(token, token, title) for token, title in ACTIONS
])


@provider(IVocabularyFactory)
def log_actions(context):
    return VOCABULARY


def add_url(container, type_name: str) -> str | None:
    """The add form's URL when the current user may add ``type_name`` here
    (once per page: ``facts.kept``)."""
    path = "/".join(container.getPhysicalPath())
    return facts.kept(
        ("add_url", path, type_name), lambda: _add_url(container, type_name)
    )


def _add_url(container, type_name: str) -> str | None:
    fti = tool("portal_types").getTypeInfo(type_name)
    if fti is None or not fti.isConstructionAllowed(container):
        return None
    allowed = container.getTypeInfo().allowType(type_name)
    return f"{container.absolute_url()}/++add++{type_name}" if allowed else None


def _children(container, type_name: str) -> list:
    return facts.items(container, type_name)


def may_evaluate_any(log) -> bool:
    """The current user may add an evaluation to one of the log's activities."""
    for goal in _children(log, "Goal"):
        for activity in _children(goal, "Activity"):
            if add_url(activity, "Evaluation") and family_rules.may_evaluate(activity):
                return True
    return False


class LogActions:
    """The buttons of each action for the current user on one log (one request)."""

    def __init__(self, log):
        self.log = log
        self.url = log.absolute_url()
        self._options = None
        self._found = {}

    @property
    def transitions(self) -> list[dict]:
        if self._options is None:
            self._options = transitions.options(self.log)["available"]
        return self._options

    def buttons(self, action: str | None) -> list[dict]:
        if action not in TITLES:
            return []
        if action not in self._found:
            self._found[action] = self._buttons(action)
        return self._found[action]

    def _button(self, action: str, url: str | None, title=None) -> list[dict]:
        if not url:
            return []
        title = title or translated(TITLES[action])
        return [{"action": action, "title": title, "url": url}]

    def _buttons(self, action: str) -> list[dict]:
        if action in ADD_TYPES:
            return self._button(action, add_url(self.log, ADD_TYPES[action]))
        if action in ("start", "close", "change_level"):
            wanted = LEVEL_TRANSITIONS if action == "change_level" else (action,)
            return [
                {"action": action, "title": entry["title"], "url": entry["url"]}
                for entry in self.transitions
                if entry["id"] in wanted
            ]
        if action == "evaluate":
            url = f"{self.url}#bti-log-goals" if may_evaluate_any(self.log) else None
            return self._button(action, url)
        if action == "share":
            allowed = facts.may(SHARING, self.log)
            return self._button(
                action, f"{self.url}/@@who-has-access" if allowed else None
            )
        allowed = facts.may(p.HAND_OVER, self.log)  # hand_over
        return self._button(action, f"{self.url}/@@handover" if allowed else None)
