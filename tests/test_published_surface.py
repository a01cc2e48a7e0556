"""The published surface is closed by design.

1. Every method of the product's persistent classes (content, PAS plugins,
   tools) that Zope would publish has a security declaration, and none is
   public unless ALLOWED_PUBLIC_METHODS says why.
2. Every page, viewlet and REST service of the product is registered for the
   product's browser layer, and none on a log, anything in a log, a consent, a
   concern, a unit or the log folder is public (zope2.Public / zope.Public);
   they need a permission of bti.portal.domain.permissions held through a role.
3. Over HTTP, anonymous and an unrelated staff member get every registered page
   and service of a log, its items, a concern, a unit and the log folder
   refused (or at least nothing of any log), never a server error.

The registrations come from the component registry (tests/published_surface.py),
not from a hand list.
"""

from __future__ import annotations

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal.domain import permissions as p
from bti.portal.domain.levels import STATES
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.relaylog import create
from bti.portal.relaylog.handover import rules as handover
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from bti.portal.upgrades import v1002
from OFS.SimpleItem import SimpleItem
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests import published_surface as surface
from tests.access_cases import found_in
from tests.access_cases import markers
from tests.access_cases import PASSWORD
from tests.access_cases import personal
from tests.access_cases import refused
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.test_access_matrix import ACCESS_FUNCTIONAL_TESTING
from zope.dottedname.resolve import resolve

import requests
import transaction
import unittest


# Methods declared public on purpose, with the reason. Keep this short.
ALLOWED_PUBLIC_METHODS: dict[str, str] = {}

# Registrations that may stay public on a log or anything in it, with the reason.
ALLOWED_PUBLIC_VIEWS: dict[tuple[str, str], str] = {
    ("viewlet", "bti.theme-colour"): (
        "the site's colour from the registry, no data of the context; it must "
        "render on the login, error and consent signing pages, where the user "
        "may View nothing"
    ),
    ("viewlet", "plone.footer"): (
        "the site's own footer: the site's name, a line about BTI and the site "
        "actions, no data of the context"
    ),
}

# Registrations for every request, not the product's layer, with the reason.
ALLOWED_WITHOUT_LAYER: dict[tuple[str, str], str] = {
    ("page", "index.html"): (
        "the page for a BadRequest raised while Zope reads the form, before "
        "traversal has reached a site (so before the layer is there); on a "
        "site it hands over to the product's exception view"
    ),
}

# The types whose objects hold or lead to data about a child.
GUARDED_TYPES = ("LogFolder", "Unit", "Concern", "RelayLog")


def guarded_classes(portal) -> dict[str, type]:
    """Content classes of GUARDED_TYPES and of every type addable inside a log."""
    types = api.portal.get_tool("portal_types")
    names, todo = set(), list(GUARDED_TYPES)
    while todo:
        name = todo.pop()
        if name in names:
            continue
        names.add(name)
        if name in ("RelayLog",) or name not in GUARDED_TYPES:
            todo += list(types[name].allowed_content_types)
    return {name: resolve(types[name].klass) for name in sorted(names)}


class TestPersistentClasses(unittest.TestCase):
    """Every published method of the product's classes is declared."""

    def test_every_module_imports(self):
        self.assertEqual(surface.import_all(), [])

    def test_published_methods_are_declared_and_not_public(self):
        surface.import_all()
        classes = surface.persistent_classes()
        names = {f"{k.__module__}.{k.__qualname__}" for k in classes}
        # The walk finds the content classes and the OIDC plugin.
        for expected in (
            "bti.portal.content.relay_log.RelayLog",
            "bti.portal.content.unit.Unit",
            "bti.portal.oidc.plugin.BTIOIDCPlugin",
        ):
            self.assertIn(expected, names)
        problems = []
        for klass in classes:
            for name, roles in surface.published_methods(klass):
                key = f"{klass.__module__}.{klass.__qualname__}.{name}"
                if roles is surface.MISSING and key not in ALLOWED_PUBLIC_METHODS:
                    problems.append(f"{key}: no security declaration")
                elif roles is None and key not in ALLOWED_PUBLIC_METHODS:
                    problems.append(f"{key}: declared public")
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_the_walk_finds_an_undeclared_method(self):
        class Tool(SimpleItem):
            security = ClassSecurityInfo()

            def reveal(self):
                """Published: a docstring, no declaration."""

            security.declarePrivate("hidden")

            def hidden(self):
                """Declared private."""

            def quiet(self):
                return None

        Tool.__module__ = "bti.portal.example"
        InitializeClass(Tool)
        found = dict(surface.published_methods(Tool))
        self.assertEqual(set(found), {"reveal", "hidden"})
        self.assertIs(found["reveal"], surface.MISSING)
        self.assertEqual(found["hidden"], ())


class TestRegistrations(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.published = surface.registrations()
        self.guarded = guarded_classes(self.layer["portal"])

    def test_the_registry_walk_finds_pages_viewlets_and_services(self):
        labels = {(item.kind, item.name, item.method) for item in self.published}
        for expected in (
            ("page", "log-view", "GET"),
            ("page", "sign-consent", "GET"),
            ("viewlet", "bti.theme-colour", "GET"),
            ("service", "@handover", "POST"),
            ("service", "@sign-consent", "GET"),
        ):
            self.assertIn(expected, labels)
        self.assertIn("Consent", self.guarded)
        self.assertIn("Goal", self.guarded)

    def test_everything_is_registered_for_the_product_layer(self):
        wrong = [
            f"{item.label()}: layer {item.layer.__identifier__} ({item.info})"
            for item in self.published
            if not item.layer.isOrExtends(IBTIPortalLayer)
            and (item.kind, item.name) not in ALLOWED_WITHOUT_LAYER
        ]
        self.assertEqual(wrong, [], "\n" + "\n".join(wrong))

    def test_nothing_public_on_logs_consents_concerns_units_or_the_folder(self):
        wrong = []
        for item in self.published:
            if not item.public or (item.kind, item.name) in ALLOWED_PUBLIC_VIEWS:
                continue
            reached = [n for n, k in self.guarded.items() if item.applies_to(k)]
            if reached:
                wrong.append(f"{item.label()} reaches {reached} ({item.info})")
        self.assertEqual(wrong, [], "\n" + "\n".join(wrong))

    def test_the_new_permissions_protect_what_was_public(self):
        permissions = {
            (item.kind, item.name, item.method): item.permission
            for item in self.published
        }
        for key, permission in (
            (("page", "accept-handover", "GET"), "bti.portal: Answer handover offer"),
            (("service", "@handover", "GET"), "bti.portal: Answer handover offer"),
            (("service", "@handover", "POST"), "bti.portal: Answer handover offer"),
            (("page", "sign-consent", "GET"), "bti.portal: Sign consent"),
            (("service", "@sign-consent", "POST"), "bti.portal: Sign consent"),
            (("page", "unit-audit", "GET"), "bti.portal: View unit audit"),
        ):
            self.assertEqual(permissions[key], permission, key)


class TestUpgrade1002(unittest.TestCase):
    """Sites made before 1002 get the roles that replace the public views."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_roles_of_open_offers_and_unit_leaders(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        for user_id in ("holder", "next", "boss"):
            add_user(user_id)
        unit = add_unit(
            portal, "Skolen", "school", leaders=["boss"], staff=["holder", "next"]
        )
        log = add_log(portal, unit, "holder")
        handover.offer(log, "next", by_user="holder")
        self.assertIn(p.UNIT_LEADER, unit.get_local_roles_for_userid("boss"))
        self.assertIn(p.RELAY_OFFERED, log.get_local_roles_for_userid("next"))
        # As on a site from before: no such roles.
        unit.manage_delLocalRoles(["boss"])
        log.manage_delLocalRoles(["next"])
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("bti.portal:default", "1001")
        steps = setup.listUpgrades("bti.portal:default")
        self.assertEqual(steps[0]["dest"], ("1002",))  # later steps follow it
        v1002.upgrade(setup)
        self.assertIn(p.UNIT_LEADER, unit.get_local_roles_for_userid("boss"))
        self.assertIn(p.RELAY_OFFERED, log.get_local_roles_for_userid("next"))
        with api.env.adopt_user("boss"):
            self.assertTrue(api.user.has_permission(p.UNIT_AUDIT, obj=unit))
        with api.env.adopt_user("next"):
            self.assertTrue(api.user.has_permission(p.ANSWER_HANDOVER, obj=log))
            self.assertFalse(api.user.has_permission(p.VIEW, obj=log))


# --- Over HTTP ---------------------------------------------------------------------

STATES_ASKED = ("draft", "level2", "closed")
PEOPLE_ASKED = ("anonymous", "stranger")


class TestEveryRegisteredViewOverHttp(unittest.TestCase):
    """Anonymous and an unrelated staff member against every page and service."""

    layer = ACCESS_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        self.scene = self.layer["scene"]
        self.base = self.portal.absolute_url()
        unit = self.portal.unrestrictedTraverse(self.scene.unit_path)
        with api.env.adopt_user("holder"):
            concern = create(
                self.portal["logs"],
                "Concern",
                title="K.H.",
                unit=unit.UID(),
                what_noticed="CONCERN-SECRET-noticed",
            )
        self.concern_path = "/".join(concern.getPhysicalPath()[2:])
        transaction.commit()
        self.published = [
            item
            for item in surface.registrations()
            if item.kind != "viewlet" and item.layer.isOrExtends(IBTIPortalLayer)
        ]

    def targets(self):
        """(path, must be refused): staff may open the folder and the unit."""
        yield "logs", False
        yield self.scene.unit_path, False
        yield self.concern_path, True
        for state in STATES_ASKED:
            log = self.scene.logs[state]
            yield log.path, True
            for key in ("consent", "goal", "activity", "message", "meeting", "file"):
                yield log.items[key], True

    def request(self, session, item, url):
        headers = {"Accept": "application/json"} if item.kind == "service" else {}
        body = {"json": {}} if item.method in ("POST", "PUT", "PATCH") else {}
        return session.request(
            item.method,
            url,
            headers=headers,
            allow_redirects=False,
            timeout=120,
            **body,
        )

    def test_refused_or_nothing_of_a_log(self):
        secrets = [
            "CONCERN-SECRET-noticed",
            *(
                text
                for state in STATES
                for text in (*markers(state).values(), *personal(state))
            ),
        ]
        sessions = {}
        for user in PEOPLE_ASKED:
            session = requests.Session()
            if user != "anonymous":
                session.auth = (user, PASSWORD)
            sessions[user] = session
            self.addCleanup(session.close)
        problems, cases = [], 0
        for path, must_refuse in self.targets():
            obj = self.portal.unrestrictedTraverse(path)
            for item in self.published:
                if not item.applies_to(obj):
                    continue
                url = item.url(f"{self.base}/{path}")
                for user, session in sessions.items():
                    response = self.request(session, item, url)
                    cases += 1
                    where = f"{user} {item.label()} at {path} ({response.status_code})"
                    if response.status_code >= 500:
                        problems.append(f"ERROR {where}")
                    elif must_refuse and not refused(response):
                        problems.append(f"NOT REFUSED {where}")
                    leaked = found_in(response, secrets)
                    if leaked:
                        problems.append(f"LEAK {where}: {leaked}")
        print(f"\npublished surface: {cases} requests")
        self.assertGreater(cases, 50)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


if __name__ == "__main__":
    unittest.main()
