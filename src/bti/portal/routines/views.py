"""Routine pages: the routine itself, controller approval, the due overview."""

from bti.portal import _
from bti.portal.catalog import meta
from bti.portal.routines import control
from bti.portal.routines.revision import due_routines
from datetime import date
from plone import api
from plone.app.iterate.interfaces import IWorkingCopy
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


class RoutineStatus(BrowserView):
    """Facts the workflow guards and the templates ask for."""

    def all_controlled(self) -> bool:
        return control.all_controlled(self.context)

    def may_publish(self) -> bool:
        # A working copy is checked in over the published routine instead.
        return not IWorkingCopy.providedBy(self.context)

    def revision_due(self) -> bool:
        due = self.context.next_revision
        return due is not None and due <= date.today()


def can_approve_as_controller(routine) -> bool:
    user = api.user.get_current()
    return (
        api.content.get_state(routine) == "in_control"
        and user.getId() in (routine.controllers or [])
        and user.getId() not in control.approvals(routine)
    )


def approve_as_controller(routine) -> None:
    """Record the current user's control approval, or explain why not."""
    if api.content.get_state(routine) != "in_control":
        raise BadRequest(
            api.portal.translate(_("error_not_in_control", default="The routine is not in control."))
        )
    if not can_approve_as_controller(routine):
        raise Forbidden(
            api.portal.translate(
                _("error_not_controller", default="You are not a controller of this routine, or you have approved it already.")
            )
        )
    control.record_approval(routine, api.user.get_current().getId(), date.today())


class RoutineView(BrowserView):
    def status(self):
        return self.context.restrictedTraverse("@@routine-status")

    def controllers(self) -> list[dict]:
        approved = control.approvals(self.context)
        return [
            {"id": userid, "name": fullname(userid), "approved": approved.get(userid)}
            for userid in self.context.controllers or []
        ]

    def can_approve(self) -> bool:
        return can_approve_as_controller(self.context)

    def name_of(self, userid: str) -> str:
        return fullname(userid) if userid else ""


def fullname(userid: str) -> str:
    user = api.user.get(userid=userid)
    return (user.getProperty("fullname") or userid) if user else userid


class RoutineControl(BrowserView):
    """POST: the current controller approves the routine in control."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        approve_as_controller(self.context)
        api.portal.show_message(
            _("msg_control_recorded", default="Your control approval is recorded."),
            request=self.request,
        )
        self.request.response.redirect(self.context.absolute_url())
        return ""


class RoutinesDueView(BrowserView):
    """Editors' overview: routines whose revision date has passed."""

    def routines(self) -> list[dict]:
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "due": meta(brain, "bti_next_revision"),
                "owner": fullname(meta(brain, "bti_revision_owner", "")),
            }
            for brain in due_routines(date.today())
        ]
