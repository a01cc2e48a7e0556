"""Keep derived settings in step with the registry."""

from plone.registry.interfaces import IRecordModifiedEvent
from plone.registry.interfaces import IRegistry
from zope.component import adapter
from zope.component import getUtility

from bti.portal.oidc.interfaces import OIDC_PREFIX
from bti.portal.oidc.setuphandlers import apply_cookie_settings


DEMO_CONTENT_RECORD = "bti.portal.demo_content"


@adapter(IRecordModifiedEvent)
def record_modified(event: IRecordModifiedEvent) -> None:
    name = event.record.__name__
    if name == DEMO_CONTENT_RECORD:
        # A site made with demo content and users gets demo mode (local passwords).
        registry = getUtility(IRegistry)
        record = f"{OIDC_PREFIX}.demo_mode"
        if record in registry.records:
            registry[record] = bool(event.newValue)
    elif name == f"{OIDC_PREFIX}.secure_cookies":
        apply_cookie_settings()
    elif name == f"{OIDC_PREFIX}.issuer":
        from bti.portal.oidc.protocol import forget_metadata

        forget_metadata()
