"""@@who-has-access ("Hvem har tilgang"): the staff's page for who has which
role on a log, in plain words, on a phone first.

Everyone on the log's staff side who may View it reads the list; the holder
(who may delegate roles on an active log, as the Sharing rules say) adds a
colleague as participant or removes one, one person at a time. The rules are
``bti.portal.relaylog.sharing``'s: consent for cooperation covering the
colleague's service, an active log. Families get Plone's "insufficient
privileges": this is a staff page (they see the people on the log's page).
"""

from bti.portal import _
from bti.portal.browser.logs.colleague_picker import ColleaguePicker
from bti.portal.domain import permissions as p
from bti.portal.domain.levels import ACTIVE_STATES
from bti.portal.relaylog import colleagues
from bti.portal.relaylog import roles
from bti.portal.relaylog.family import members as family
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.sharing.participants import set_participant
from bti.portal.relaylog.sharing.rules import NOT_ACTIVE
from bti.portal.users import fullname
from plone import api
from plone.memoize.view import memoize
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


# In the order the page lists them, each with what the role may do.
ROLE_WORDS = (
    (
        p.RELAY_HOLDER,
        _(
            "access_holder_may",
            default="Runs the log and decides who takes part.",
        ),
    ),
    (
        p.PARTICIPANT,
        _(
            "access_participant_may",
            default="Reads the log and writes goals, activities, meetings "
            "and messages.",
        ),
    ),
    (
        p.GUARDIAN,
        _(
            "access_guardian_may",
            default="Reads the log, writes messages and comments on their "
            "own activities.",
        ),
    ),
    (
        p.YOUTH,
        _(
            "access_youth_may",
            default="Reads their own log, writes messages and comments on "
            "their own activities.",
        ),
    ),
    (
        p.UNIT_LEADER,
        _(
            "access_unit_leader_may",
            default="Sees the log's level, holder and deadlines, not what is "
            "written in it.",
        ),
    ),
)
ACTIONS = frozenset({"add", "remove"})


class WhoHasAccessView(ColleaguePicker, BrowserView):
    def __call__(self):
        user = api.user.get_current()
        if family_rules.is_family_only(self.context, user):
            raise Forbidden("A staff page")
        self.errors = []
        if self.request.get("REQUEST_METHOD", "GET") == "POST":
            done = self.change()
            if done:
                return self.request.response.redirect(self.url())
        return self.index()

    def url(self) -> str:
        return f"{self.context.absolute_url()}/@@who-has-access"

    # Reading

    def initials(self) -> str:
        return self.context.Title()

    def may_change(self) -> bool:
        return family.may_manage(self.context)

    def active(self) -> bool:
        return api.content.get_state(self.context) in ACTIVE_STATES

    def not_active_text(self):
        return NOT_ACTIVE

    def people(self) -> list[dict]:
        me = api.user.get_current().getId()
        removable = self.may_change() and self.active()
        away = self.away()
        found = []
        for role, may in ROLE_WORDS:
            for user_id in roles.users_with_role(self.context, role):
                found.append({
                    "id": user_id,
                    "name": fullname(user_id),
                    "role": role_title(role),
                    "may": may,
                    "me": user_id == me,
                    "absent": user_id in away,
                    "removable": removable and role == p.PARTICIPANT,
                    "css": f"bti-access-{role.lower()}",
                })
        return found

    @memoize
    def away(self) -> set[str]:
        """The log's people their unit marks absent today (as in the plan's
        list of coordinators)."""
        people = {user for user, _roles in self.context.get_local_roles()}
        return colleagues.absent_among(people)

    def exclude(self) -> set[str]:
        """Colleagues are offered who have no role on the log yet."""
        return {user for user, _roles in self.context.get_local_roles()}

    def picker_url(self) -> str:
        return self.url()

    def choosable(self, action: str) -> set[str]:
        if action == "remove":
            return set(roles.users_with_role(self.context, p.PARTICIPANT))
        return colleagues.listed()

    def add_family_url(self) -> str | None:
        if not self.may_change():
            return None
        return f"{self.context.absolute_url()}/@@add-family"

    def handover_url(self) -> str | None:
        if not api.user.has_permission(p.HAND_OVER, obj=self.context):
            return None
        return f"{self.context.absolute_url()}/@@handover"

    # Changing

    def change(self) -> bool:
        """One participant added or removed; True when saved."""
        form = self.request.form
        action = form.get("action")
        user_id = form.get("participant")
        if not (isinstance(action, str) and isinstance(user_id, str)):
            raise BadRequest("Say add or remove, and whom")
        if action not in ACTIONS or not user_id:
            raise BadRequest("Say add or remove, and whom")
        if not self.may_change():
            raise Forbidden("Only the relay holder changes who takes part")
        CheckAuthenticator(self.request)
        # Only colleagues on a unit can be added, only participants removed: any
        # other id is "no such person" (no name of anyone else is given away).
        if user_id not in self.choosable(action):
            raise BadRequest("No such person")
        try:
            set_participant(self.context, user_id, action == "add")
        except BadRequest as refused:
            if not getattr(refused, "sharing_refused", False):
                raise
            self.errors.append(str(refused))
            return False
        text = (
            _(
                "access_added",
                default="${name} takes part in the log now.",
                mapping={"name": fullname(user_id)},
            )
            if action == "add"
            else _(
                "access_removed",
                default="${name} no longer takes part in the log.",
                mapping={"name": fullname(user_id)},
            )
        )
        api.portal.show_message(text, request=self.request)
        return True
