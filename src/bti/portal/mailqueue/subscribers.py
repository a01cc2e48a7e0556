"""The sending threads follow the site's SMTP settings and start with the process."""

from bti.portal import mailqueue
from zope.component.hooks import getSite
from zope.component.hooks import site as site_hook

import logging
import Zope2


SMTP_RECORDS = "plone.smtp_"  # IMailSchema, prefix "plone"
logger = logging.getLogger("bti.portal.mail")


def settings_changed(event) -> None:
    """Subscriber (a registry record modified): new SMTP settings reach the
    site's sending thread at once, so mail queued while the server was wrong
    or down goes out with them."""
    # Records without a schema (most of plone.app.caching's) have no fieldName.
    if not (getattr(event.record, "__name__", "") or "").startswith(SMTP_RECORDS):
        return
    site = getSite()
    path = mailqueue.queue_dir(site.getId()) if site is not None else None
    if path is not None and mailqueue.running(path):
        mailqueue.start(path, site.MailHost)


def resume_pending(event) -> None:
    """Subscriber (the process starts): mail left in a queue by the last run
    is sent now, not with the site's next mail."""
    root = mailqueue.queue_root()
    names = [path.name for path in root.iterdir()] if root.is_dir() else []
    waiting = [name for name in names if mailqueue.pending(name)]
    if waiting:
        app = Zope2.app()
        try:
            resume(app, waiting)
        finally:
            app._p_jar.close()


def resume(app, site_ids: list[str]) -> None:
    for site_id in site_ids:
        site = app.get(site_id)
        if site is None or getattr(site, "MailHost", None) is None:
            continue
        with site_hook(site):
            mailqueue.start(mailqueue.queue_dir(site_id), site.MailHost)
        logger.info("Mail queue of %s resumed", site_id)
