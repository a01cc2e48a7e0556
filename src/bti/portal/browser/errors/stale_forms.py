"""A form sent with a missing or old token is drawn again, not acted on.

plone.protect checks a form's token after the form has acted: it aborts the
transaction, but the form has already said "saved" and redirected, so what a
parent or a colleague wrote was lost under a message that it was kept.

Before a content add or edit form or a form of the product runs (after
traversal), a POST by a logged-in user that presses one of its buttons, other
than cancel, with a token that does not hold has its buttons taken out of the
request: the form is drawn again with what was written, a fresh token and,
as its status, a message to send it once more. Views
that check the token themselves (``CheckAuthenticator``) draw the neutral
"the form was not sent" page (``views.STALE_FORM``). Plone's login form is
sent without a token (drawn for anonymous) and is left to Plone, as are its
control panels.
"""

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from plone import api
from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.edit import DefaultEditForm
from plone.protect.authenticator import check
from plone.protect.interfaces import IDisableCSRFProtection
from z3c.form.interfaces import IForm
from zExceptions import Forbidden


NOT_SENT = _(
    "form_not_sent_again",
    default=(
        "The form was not sent: the page was open for a long time. What you "
        "wrote is still here. Check it and send the form again."
    ),
)
LET_THROUGH = ("cancel",)  # a button that writes nothing


def _form_of(published):
    """The content form or product form published, else None."""
    view = getattr(published, "__self__", published)
    form = getattr(view, "form_instance", view)
    if not IForm.providedBy(form):
        return None
    ours = type(form).__module__.startswith("bti.portal.")
    return form if ours or isinstance(form, (DefaultAddForm, DefaultEditForm)) else None


def _pressed(request, form) -> list[str]:
    prefix = f"{getattr(form, 'prefix', 'form.')}buttons."
    return [
        key
        for key in request.form
        if key.startswith(prefix) and key[len(prefix) :] not in LET_THROUGH
    ]


def hold_back(event) -> None:
    """IPubAfterTraversal: a pressed button with a token that does not hold
    is taken out of the request, with a message."""
    request = event.request
    if request.get("REQUEST_METHOD") != "POST":
        return
    if not IBTIPortalLayer.providedBy(request):
        return
    if IDisableCSRFProtection.providedBy(request) or api.user.is_anonymous():
        return
    if "__ac_password" in request.form:  # a login: no token, Plone's own
        return
    form = _form_of(request.get("PUBLISHED"))
    pressed = _pressed(request, form) if form is not None else []
    if not pressed:
        return
    try:
        check(request)
    except Forbidden:
        for key in pressed:
            del request.form[key]
        # The form's own status: translated when drawn, in the page's language.
        form.status = NOT_SENT
