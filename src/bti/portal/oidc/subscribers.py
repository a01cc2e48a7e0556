"""Keep derived settings in step with the registry."""

from bti.portal.oidc.interfaces import OIDC_PREFIX
from bti.portal.oidc.protocol import forget_metadata
from bti.portal.oidc.setuphandlers import apply_cookie_settings
from plone.registry.interfaces import IRecordModifiedEvent
from zope.component import adapter


@adapter(IRecordModifiedEvent)
def record_modified(event: IRecordModifiedEvent) -> None:
    name = event.record.__name__
    if name == f"{OIDC_PREFIX}.secure_cookies":
        apply_cookie_settings()
    elif name == f"{OIDC_PREFIX}.issuer":
        forget_metadata()
