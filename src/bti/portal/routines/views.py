"""Routine pages: the routine itself, controller approval, history, the due
overview."""

from bti.portal import _
from bti.portal.catalog import meta
from bti.portal.content.guide_links import steps_using
from bti.portal.routines import control
from bti.portal.routines import cycle
from bti.portal.routines.iterate import baseline_of
from bti.portal.routines.iterate import working_copy_of
from bti.portal.routines.revision import due_routines
from bti.portal.users import fullname
from bti.portal.vocabularies import level_title
from datetime import date
from plone import api
from plone.app.iterate.interfaces import IWorkingCopy
from plone.base.utils import human_readable_size
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest


class RoutineStatus(BrowserView):
    """Facts the workflow guards and the templates ask for."""

    def all_controlled(self) -> bool:
        return control.all_controlled(self.context)

    def may_send_to_control(self) -> bool:
        return cycle.allows(self.context, "send_to_control")

    def may_approve(self) -> bool:
        return cycle.allows(self.context, "approve")

    def may_publish(self) -> bool:
        return cycle.allows(self.context, "publish")

    def revision_due(self) -> bool:
        due = self.context.next_revision
        return due is not None and due <= date.today()


def state_title(routine) -> str:
    workflow = api.portal.get_tool("portal_workflow")
    state = api.content.get_state(routine, default=None)
    title = workflow.getTitleForStateOnType(state, routine.portal_type)
    return api.portal.translate(title, domain="plone")


def history_rows(routine) -> list[dict]:
    """Approved versions, newest first, with people's names."""
    return [
        {
            "version": entry["version"],
            "approved_by": fullname(entry["approved_by"]),
            "approved_date": entry["approved_date"],
            "authors": ", ".join(fullname(u) for u in entry.get("authors") or []),
            "controllers": ", ".join(
                fullname(u) for u in sorted(entry.get("controllers") or {})
            ),
        }
        for entry in reversed(cycle.history(routine))
    ]


class RoutineView(BrowserView):
    def status(self):
        return self.context.restrictedTraverse("@@routine-status")

    def state_title(self) -> str:
        return state_title(self.context)

    def is_anonymous(self) -> bool:
        return api.user.is_anonymous()

    def controllers(self) -> list[dict]:
        approved = control.approvals(self.context)
        return [
            {"id": userid, "name": fullname(userid), "approved": approved.get(userid)}
            for userid in self.context.controllers or []
        ]

    def authors(self) -> str:
        return ", ".join(fullname(userid) for userid in cycle.authors(self.context))

    def can_approve(self) -> bool:
        return cycle.can_approve_as_controller(self.context)

    def can_edit(self) -> bool:
        return api.user.has_permission("Modify portal content", obj=self.context)

    def is_editor(self) -> bool:
        """Editors and reviewers see the cycle (state, authors, controllers)."""
        return self.can_edit() or api.user.has_permission(
            "Review portal content", obj=self.context
        )

    def hints(self) -> list[str]:
        """Why the next step of the cycle is not open (to editors only)."""
        if api.user.is_anonymous():
            return []
        state = api.content.get_state(self.context, default=None)
        refusal = None
        if state == "draft" and self.can_edit():
            refusal = cycle.control_refusal(self.context)
        elif state == "in_control" and api.user.has_permission(
            "Review portal content", obj=self.context
        ):
            userid = api.user.get_current().getId()
            refusal = cycle.approval_refusal(self.context, userid)
        elif state == "approved" and IWorkingCopy.providedBy(self.context):
            refusal = _(
                "routine_hint_check_in",
                default="Approved. Check it in to replace the published version.",
            )
        return [api.portal.translate(refusal)] if refusal is not None else []

    def working_copy_url(self) -> str | None:
        if not self.can_edit() and not api.user.has_permission(
            "Review portal content", obj=self.context
        ):
            return None
        copy = working_copy_of(self.context)
        if copy is None or not api.user.has_permission("View", obj=copy):
            return None
        return copy.absolute_url()

    def baseline_url(self) -> str | None:
        if not IWorkingCopy.providedBy(self.context):
            return None
        baseline = baseline_of(self.context)
        return baseline.absolute_url() if baseline is not None else None

    def last_approvals(self) -> list[dict]:
        return history_rows(self.context)[:3]

    def name_of(self, userid: str) -> str:
        return fullname(userid) if userid else ""

    def used_in(self) -> list[dict]:
        """The guide steps that follow this routine: whom it concerns, when."""
        return [
            {
                "title": step.Title(),
                "url": step.absolute_url(),
                "number": step.number,
                "level": api.portal.translate(
                    level_title(getattr(step.__parent__, "level", None))
                ),
            }
            for step in steps_using(self.context)
        ]

    def download(self) -> dict | None:
        blob = self.context.file
        if blob is None or not getattr(blob, "filename", None):
            return None
        name = blob.filename
        return {
            "url": f"{self.context.absolute_url()}/@@download/file/{name}",
            "name": name,
            "kind": name.rsplit(".", 1)[-1].upper() if "." in name else "",
            "size": human_readable_size(blob.getSize()),
        }

    def parent(self) -> dict:
        parent = self.context.__parent__
        return {"title": parent.Title(), "url": parent.absolute_url()}

    def approved_date(self) -> str:
        day = self.context.approved_date
        return day.strftime("%d.%m.%Y") if day else ""

    def next_revision(self) -> str:
        day = self.context.next_revision
        return day.strftime("%d.%m.%Y") if day else ""


class RoutineHistoryView(BrowserView):
    """Every approved version: who wrote, controlled and approved it, when."""

    def rows(self) -> list[dict]:
        return history_rows(self.context)


class RoutineControl(BrowserView):
    """POST: the current controller approves the routine in control."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        cycle.approve_as_controller(self.context)
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
