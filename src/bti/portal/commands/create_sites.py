"""Create the demo sites if the database has none; print URLs and logins.

``make start`` runs this inside Zope (scripts/create_sites.py); a second
run finds the sites and reuses them. Environment:
BTI_ADMIN_USER / BTI_ADMIN_PASSWORD (default admin / admin),
BTI_PUBLIC_URL (default http://localhost:8080), BTI_SITES (ids, comma-separated),
BTI_BASELINE_DEMO=1 (also the baseline guide "trondelag" that byn and inderoy
follow, content/baseline_site.json).
"""

from AccessControl.SecurityManagement import newSecurityManager
from bti.portal.distributions.baseline_demo import baseline_spec
from bti.portal.distributions.baseline_demo import create_baseline_demo
from bti.portal.distributions.demo import demo_sites
from bti.portal.distributions.demo import demo_users
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
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


def create_missing_sites(app, wanted: set[str]) -> list[str]:
    created = []
    for answers in demo_sites():
        site_id = answers["site_id"]
        if wanted and site_id not in wanted:
            continue
        if site_id in app.objectIds():
            continue
        print(f"Creating site '{site_id}' ...", flush=True)
        site_api.create(app, DISTRIBUTION, answers)
        created.append(site_id)
    return created


def main(app) -> None:
    user = os.environ.get("BTI_ADMIN_USER", "admin")
    password = os.environ.get("BTI_ADMIN_PASSWORD", "admin")
    base_url = os.environ.get("BTI_PUBLIC_URL", "http://localhost:8080")
    wanted = {s for s in os.environ.get("BTI_SITES", "").split(",") if s}
    app = makerequest(app)
    setRequest(app.REQUEST)
    newSecurityManager(None, ensure_admin(app, user, password))
    transaction.commit()
    created = create_missing_sites(app, wanted)
    transaction.commit()
    if os.environ.get("BTI_BASELINE_DEMO") == "1":
        started = time.monotonic()
        if create_baseline_demo(app):
            created.append(baseline_spec()["answers"]["site_id"])
            seconds = time.monotonic() - started
            print(f"Created the baseline guide site in {seconds:.0f} s.")
    print("" if created else "The demo sites exist already; reusing the data.")
    print(f"Zope root: {base_url}/  (administrator: {user} / {password})")
    for answers in [*demo_sites(), baseline_spec()["answers"]]:
        if answers["site_id"] in app.objectIds():
            print(f"  {answers['title']}: {base_url}/{answers['site_id']}")
    print("Demo logins on each demo site (password bti-demo):")
    for demo_user in demo_users():
        print(f"  {demo_user['id']:10} {demo_user['what']}")
