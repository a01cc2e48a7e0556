"""Nothing of a log is published to someone who may not View it.

Plone's helper views (``@@title``, ``@@plone_context_state``,
``@@breadcrumbs_view``...) and the content classes' own methods are public
on every object: on a log, a concern or a unit they would give away
initials, titles and states. After traversal, a request for such a view or
method on anything at or below the log folder answers 404 unless the user
may View that object. The product's own views (``bti.portal``) carry their
own permissions (the published-surface test holds them) and pass. Zope's
``manage_*`` methods are never published there except to site managers.

Anywhere on the site, an add form (``++add++Type``) for a type that may not be
added here, by this user, answers 404 to someone who may see the place (Plone's
add form raises a ValueError: a server error); others are refused as before.
Importing bti.portal.publisher makes mistyped form values (``?x:int=abc``) a 400.

Five publishes a view's template on its own (``@@who-has-access/index.html``),
which skips the view's ``__call__`` and every check in it: for the product's
views that answers 404.
"""

from AccessControl import getSecurityManager
from bti.portal import publisher  # noqa: F401 (installs the 400 converters)
from bti.portal.browser.errors.views import is_private
from bti.portal.interfaces import IBTIPortalLayer
from plone.dexterity.browser.add import DefaultAddView
from Products.Five.browser.pagetemplatefile import BoundPageTemplate
from zExceptions import NotFound
from zope.publisher.interfaces.browser import IBrowserView

import inspect


OURS = "bti.portal."


def _is_ours(view) -> bool:
    if any(k.__module__.startswith(OURS) for k in type(view).__mro__):
        return True
    template = getattr(getattr(view, "index", None), "filename", "") or ""
    return "/bti/portal/" in template.replace("\\", "/")


def _target(published):
    """(the object whose data is at stake, the view if any, the method name)."""
    name = ""
    if inspect.ismethod(published):
        name = published.__name__
        published = published.__self__
    if IBrowserView.providedBy(published):
        return getattr(published, "context", None), published, name
    if name:
        return published, None, name
    return None, None, ""


def _addable_here(view) -> bool:
    allowed = getattr(view.context, "allowedContentTypes", None)
    if allowed is None:
        return False
    return view.ti.getId() in {fti.getId() for fti in allowed()}


def _template_of_ours(published) -> bool:
    """A product view's template published without its view."""
    view = getattr(published, "__self__", None)
    return (
        isinstance(published, BoundPageTemplate) and view is not None and _is_ours(view)
    )


def guard(event) -> None:
    request = event.request
    if not IBTIPortalLayer.providedBy(request):
        return
    if _template_of_ours(request.get("PUBLISHED")):
        raise NotFound()
    context, view, name = _target(request.get("PUBLISHED"))
    if (
        isinstance(view, DefaultAddView)
        and not _addable_here(view)
        and getSecurityManager().checkPermission("View", view.context)
    ):
        raise NotFound()
    if context is None or not is_private(context):
        return
    security = getSecurityManager()
    if view is None and name.startswith("manage_"):
        if not security.checkPermission("Manage portal", context):
            raise NotFound()
        return
    if view is not None and _is_ours(view):
        return
    if not security.checkPermission("View", context):
        raise NotFound()
