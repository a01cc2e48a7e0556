"""Create the demo sites if the database has none; print URLs and logins.

``make start`` runs this inside Zope (scripts/create_sites.py); a second
run finds the sites and reuses them. One line per site as it is made, and the
total time. Environment:
BTI_ADMIN_USER / BTI_ADMIN_PASSWORD (default admin / admin),
BTI_PUBLIC_URL (default http://localhost:8080), BTI_SITES (ids, comma-separated),
BTI_SMTP_HOST / BTI_SMTP_PORT: the mail catcher ``make start`` runs; the demo
sites send their mail there (set on new and existing demo sites).
BTI_BASELINE_DEMO=1 (also the baseline guide "trondelag" that byn and inderoy
follow, content/baseline_site.json).
"""

from AccessControl.SecurityManagement import newSecurityManager
from bti.portal.commands.upgrade_sites import upgrade_all
from bti.portal.distributions.baseline_demo import baseline_spec
from bti.portal.distributions.baseline_demo import create_baseline_demo
from bti.portal.distributions.demo import demo_sites
from bti.portal.distributions.demo import demo_users
from bti.portal.settings import get_settings
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import site as site_hook
from zope.globalrequest import setRequest

import os
import time
import transaction


DISTRIBUTION = "bti"


def ensure_admin(app, user: str, password: str):
    acl_users = app.acl_users
    if acl_users.getUserById(user) is None:
        acl_users._doAddUser(user, password, ["Manager"], [])
        print(f"Added the Zope administrator '{user}'.")
    return acl_users.getUserById(user).__of__(acl_users)


def catcher_settings() -> dict:
    """SMTP host and port of the mail catcher, from the environment ({} if none)."""
    host = os.environ.get("BTI_SMTP_HOST", "")
    port = os.environ.get("BTI_SMTP_PORT", "")
    return {"smtp_host": host, "smtp_port": int(port)} if host and port else {}


def demo_mail(answers: dict, catcher: dict) -> dict:
    """A demo site's mail answers: the catcher and a sender address of its own."""
    if not catcher:
        return {}
    return {
        **catcher,
        "email_from_address": f"noreply@{answers['site_id']}.example.org",
        "email_from_name": answers["title"],
    }


def create_missing_sites(
    app, wanted: set[str], catcher: dict | None = None
) -> list[str]:
    """Create the wanted demo sites that do not exist; their ids. Each site is
    committed when made; ``catcher``: where its mail goes (catcher_settings)."""
    missing = [
        answers
        for answers in demo_sites()
        if (not wanted or answers["site_id"] in wanted)
        and answers["site_id"] not in app.objectIds()
    ]
    if missing:
        print(
            f"Creating {len(missing)} demo site(s), 30 to 60 s each:",
            flush=True,
        )
    created, started = [], time.monotonic()
    for number, answers in enumerate(missing, 1):
        site_started = time.monotonic()
        mail = demo_mail(answers, catcher or {})
        site_api.create(app, DISTRIBUTION, {**answers, **mail})
        transaction.commit()
        created.append(answers["site_id"])
        print(
            f"  [{number}/{len(missing)}] {answers['title']} ({answers['site_id']})"
            f" created in {time.monotonic() - site_started:.0f} s",
            flush=True,
        )
    if created:
        print(f"Demo sites created in {time.monotonic() - started:.0f} s.")
    return created


def point_demo_sites_at(app, catcher: dict) -> None:
    """Demo sites send to this start's catcher (its port may change); a demo
    site without a sender address gets one."""
    for answers in demo_sites():
        site = app.get(answers["site_id"])
        if site is None or not catcher:
            continue
        with site_hook(site):
            if not get_settings().demo_content:
                continue
            registry = site.portal_registry
            for name, value in demo_mail(answers, catcher).items():
                record = f"plone.{name}"
                keep = name.startswith("email_") and registry.get(record)
                if not keep and registry.get(record) != value:
                    registry[record] = value
    transaction.commit()


def main(app) -> None:
    user = os.environ.get("BTI_ADMIN_USER", "admin")
    password = os.environ.get("BTI_ADMIN_PASSWORD", "admin")
    base_url = os.environ.get("BTI_PUBLIC_URL", "http://localhost:8080")
    wanted = {s for s in os.environ.get("BTI_SITES", "").split(",") if s}
    catcher = catcher_settings()
    app = makerequest(app)
    setRequest(app.REQUEST)
    newSecurityManager(None, ensure_admin(app, user, password))
    transaction.commit()
    created = create_missing_sites(app, wanted, catcher)
    transaction.commit()
    upgrade_all(app)  # sites kept from an older checkout get its upgrade steps
    if os.environ.get("BTI_BASELINE_DEMO") == "1":
        started = time.monotonic()
        if create_baseline_demo(app):
            created.append(baseline_spec()["answers"]["site_id"])
            seconds = time.monotonic() - started
            print(f"Created the baseline guide site in {seconds:.0f} s.")
    point_demo_sites_at(app, catcher)
    print("" if created else "The demo sites exist already; reusing the data.")
    print(f"Zope root: {base_url}/  (administrator: {user} / {password})")
    for answers in [*demo_sites(), baseline_spec()["answers"]]:
        if answers["site_id"] in app.objectIds():
            print(f"  {answers['title']}: {base_url}/{answers['site_id']}")
    print("Demo logins on each demo site (password bti-demo):")
    for demo_user in demo_users():
        print(f"  {demo_user['id']:10} {demo_user['what']}")
