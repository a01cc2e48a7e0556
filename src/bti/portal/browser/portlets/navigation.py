"""Plone's navigation portlet, remembered for anonymous readers.

Beside a guide page the portlet builds the guide's tree from the catalog and
renders it on every request: a fifth of the page's time. What it shows an
anonymous reader depends only on the page, the language, the catalog and the
portlet's settings, so its HTML is kept in Plone's RAM cache under exactly
those (browser.anonymous_cache.page_key). Logged-in people get Plone's
portlet as it is.
"""

from bti.portal.browser.anonymous_cache import page_key
from plone import api
from plone.app.portlets.portlets import navigation
from plone.memoize import ram
from plone.memoize.instance import memoize


def _key(method, renderer) -> tuple:
    return page_key(
        renderer.context,
        renderer.request,
        renderer.manager.__name__,
        renderer.data.__name__,
        renderer.data._p_mtime,
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
