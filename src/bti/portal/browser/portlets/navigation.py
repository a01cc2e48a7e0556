"""Plone's navigation portlet, remembered for anonymous readers.

Beside a guide page the portlet builds the guide's tree from the catalog and
renders it on every request: a fifth of the page's time. What it shows an
anonymous reader depends only on the page, the language, the catalog and the
portlet's settings, so its HTML is kept in Plone's RAM cache under exactly
those; any change to content (the catalog's counter) makes a new key, and a
key lives five minutes at most (settings in the registry). Logged-in people
get Plone's portlet as it is.
"""

from Acquisition import aq_inner
from plone import api
from plone.app.portlets.cache import get_language
from plone.app.portlets.portlets import navigation
from plone.memoize import ram
from plone.memoize.instance import memoize
from Products.CMFCore.indexing import processQueue

import time


LIFETIME = 300  # seconds


def _key(method, renderer) -> tuple:
    context = aq_inner(renderer.context)
    processQueue()  # the counter of what this request has changed, too
    connection = context._p_jar
    if connection is None or connection._registered_objects:
        # Uncommitted changes may yet be aborted, and the counter with them.
        raise ram.DontCache
    return (
        id(connection.db()),
        context.absolute_url(),
        "/".join(context.getPhysicalPath()),
        str(get_language(context, renderer.request)),
        api.portal.get_tool("portal_catalog").getCounter(),
        renderer.manager.__name__,
        renderer.data.__name__,
        renderer.data._p_mtime,
        time.time() // LIFETIME,
    )


class NavigationRenderer(navigation.Renderer):
    @property
    def available(self):
        if not api.user.is_anonymous():
            return super().available
        return self._remembered()[0]

    def render(self):
        if not api.user.is_anonymous():
            return super().render()
        return self._remembered()[1]

    @memoize
    def _remembered(self) -> tuple[bool, str]:
        return self._for_anonymous()

    @ram.cache(_key)
    def _for_anonymous(self) -> tuple[bool, str]:
        available = navigation.Renderer.available.fget(self)
        return available, (super().render() if available else "")
