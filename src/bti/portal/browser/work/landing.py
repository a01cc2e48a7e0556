"""After a password login, staff land on "Mitt arbeid" and families on "Mine
logger" (bti.portal.users.landing_url; the OpenID Connect callback does the
same, bti.portal.oidc.views)."""

from bti.portal.users import landing_url
from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from zope.interface import implementer


@implementer(IRedirectAfterLogin)
class RedirectAfterLogin:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        return landing_url(api.user.get_current(), came_from)
