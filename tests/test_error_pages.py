"""Error pages (403, 404) on anything inside a log or on a concern show nothing of it.

Over HTTP (the real WSGI server): users without a role on a log (an editor, a
site administrator, unrelated staff, a guardian of another family) open
@@sign-consent and the plain views of a log's items, and pages that do not
exist inside the log. No response may carry the log's initials, its state, a
consent's title, an item's marker, or a traceback; each offers a way back.
A unit leader opens the concern that started a log: the page answers 200 and
shows nothing of the log.
"""

from bti.portal.relaylog import create
from bti.portal.relaylog.concerns import decisions
from bti.portal.relaylog.roles import set_role
from bti.portal.setuphandlers import STAFF_GROUP
from bti.portal.testing import BTI_PORTAL_FIXTURE
from bti.portal.testing import use_temp_audit_dir
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import FunctionalTesting
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing.helpers import ploneSite
from plone.registry.interfaces import IRegistry
from plone.testing import Layer
from plone.testing import zodb
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests.logs_fixture import valid_nid
from zope.component import getUtility

import lxml.html
import requests
import transaction
import unittest


PASSWORD = "error-pages-password"
INITIALS = "Q.X."
OTHER_INITIALS = "W.Y."
STARTED_INITIALS = "Z.V."
CHILD = "Kari Feilside Hemmelig"
MARKERS = {
    "goal": "GOALMARK-errorpage",
    "activity": "ACTIVITYMARK-errorpage",
    "message": "MESSAGEMARK-errorpage",
    "strengths": "STRENGTHMARK-errorpage",
    "concern": "CONCERNMARK-errorpage",
}
# People without any role on the log (the other family's guardian has one on
# another log), and the log's own guardian for the control case.
OUTSIDERS = ("editor", "siteadmin", "stranger", "otherparent")


@dataclass
class ErrorScene:
    log: str = ""
    other_log: str = ""
    started_log: str = ""
    concern: str = ""
    decided_concern: str = ""
    items: dict[str, str] = field(default_factory=dict)
    consent_title: str = ""


def _add_people() -> None:
    getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True
    people = {
        "holder": ((STAFF_GROUP,), ()),
        "leader": ((STAFF_GROUP,), ()),
        "stranger": ((STAFF_GROUP,), ()),
        "editor": ((), ("Editor",)),
        "siteadmin": ((), ("Site Administrator",)),
        "guardian": ((), ()),
        "otherparent": ((), ()),
    }
    for user_id, (groups, global_roles) in people.items():
        api.user.create(
            email=f"{user_id}@example.org",
            username=user_id,
            password=PASSWORD,
            properties={"fullname": user_id.title()},
        )
        for group in groups:
            api.group.add_user(groupname=group, username=user_id)
        if global_roles:
            api.user.grant_roles(username=user_id, roles=list(global_roles))


def _started_log(portal, unit, initials: str, guardian: str, individual: str):
    with api.env.adopt_user(username="holder"):
        log = create(
            portal["logs"],
            "RelayLog",
            title=initials,
            full_name=CHILD,
            national_id=valid_nid("020416", individual),
            unit=unit.UID(),
            guardians=[guardian],
            strengths=MARKERS["strengths"],
        )
        consent = create(
            log,
            "Consent",
            kind="create",
            signed=date.today() - timedelta(days=1),
            signed_by=[guardian],
        )
        set_role(log, guardian, "Guardian")
        api.content.transition(obj=log, transition="start")
    return log, consent


def build(portal) -> ErrorScene:
    _add_people()
    scene = ErrorScene()
    with api.env.adopt_user(SITE_OWNER_NAME):
        unit = api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Bakken skole",
            service="school",
            leaders=["leader"],
            staff=["holder"],
        )
        api.content.create(
            container=portal["logs"],
            type="Unit",
            title="Dalen barnehage",
            service="kindergarten",
            staff=["stranger"],
        )
    log, consent = _started_log(portal, unit, INITIALS, "guardian", "512")
    other, _ = _started_log(portal, unit, OTHER_INITIALS, "otherparent", "600")
    with api.env.adopt_user(username="holder"):
        goal = create(log, "Goal", area="home", title=MARKERS["goal"])
        activity = create(
            goal, "Activity", title=MARKERS["activity"], responsible="holder"
        )
        message = create(log, "LogMessage", kind="message", text=MARKERS["message"])
        concern = create(
            portal["logs"],
            "Concern",
            title=STARTED_INITIALS,
            unit=unit.UID(),
            noticed=date.today(),
            what_noticed=MARKERS["concern"],
        )
        open_concern = create(
            portal["logs"],
            "Concern",
            title=STARTED_INITIALS,
            unit=unit.UID(),
            noticed=date.today(),
            what_noticed=MARKERS["concern"],
        )
        started = decisions.decide(concern, "start_log")
    scene.log = _path(portal, log)
    scene.other_log = _path(portal, other)
    scene.started_log = _path(portal, started)
    scene.decided_concern = _path(portal, concern)
    scene.concern = _path(portal, open_concern)
    scene.items = {
        "consent": _path(portal, consent),
        "goal": _path(portal, goal),
        "activity": _path(portal, activity),
        "message": _path(portal, message),
    }
    scene.consent_title = consent.Title()
    return scene


def _path(portal, obj) -> str:
    return obj.absolute_url()[len(portal.absolute_url()) + 1 :]


class ErrorSceneLayer(Layer):
    defaultBases = (BTI_PORTAL_FIXTURE,)

    def setUp(self):
        self["zodbDB"] = zodb.stackDemoStorage(self.get("zodbDB"), name="BTIErrors")
        with ploneSite(db=self["zodbDB"]) as portal:
            self["scene"] = build(portal)
            # Committed here: the layer's scene is read by the WSGI server.
            transaction.commit()

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]
        del self["scene"]


ERROR_SCENE = ErrorSceneLayer()
ERROR_PAGES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(ERROR_SCENE, WSGI_SERVER_FIXTURE), name="BTIErrorPages:Functional"
)


NOT_FOUND = {
    "nb": "Vi finner ikke denne siden",
    "nn": "Vi finn ikkje denne sida",
    "en": "We cannot find this page",
    "ar": "لا نستطيع العثور على هذه الصفحة",
    "uk": "Ми не можемо знайти цю сторінку",
}
TRACEBACK = ("Traceback", 'File "/', "zExceptions", "AccessControl")


class TestErrorPages(unittest.TestCase):
    layer = ERROR_PAGES_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.scene = self.layer["scene"]
        self.site = self.layer["portal"].absolute_url()

    def get(self, user_id: str, path: str, follow: bool = False) -> requests.Response:
        return requests.get(
            f"{self.site}/{path}",
            auth=(user_id, PASSWORD),
            headers={"Accept": "text/html", "Accept-Language": "nb"},
            allow_redirects=follow,
            timeout=60,
        )

    def secrets(self) -> list[str]:
        """What no outsider's page may carry."""
        return [
            INITIALS,
            OTHER_INITIALS,
            STARTED_INITIALS,
            CHILD,
            self.scene.consent_title,
            "state-level1",
            "state-draft",
            "state-open",
            "level1",
            "Nivå 1",
            *MARKERS.values(),
        ]

    def assert_neutral(self, response, where: str) -> None:
        body = response.text
        leaked = [text for text in self.secrets() if text in body]
        self.assertEqual(leaked, [], f"{where}: {response.status_code}")
        traces = [text for text in TRACEBACK if text in body]
        self.assertEqual(traces, [], where)
        self.assertNotIn("portletNavigationTree", body, where)

    def outsider_paths(self) -> list[str]:
        items = self.scene.items
        return [
            f"{items['consent']}/@@sign-consent",
            items["consent"],
            f"{items['consent']}/view",
            f"{items['goal']}/view",
            f"{items['activity']}/view",
            f"{items['message']}/view",
            self.scene.log,
            f"{self.scene.log}/nothing-here",
            f"{items['goal']}/nothing-here/@@view",
            self.scene.concern,
            self.scene.decided_concern,
            self.scene.started_log,
        ]

    def test_outsiders_see_nothing_of_the_log_on_any_error_page(self):
        for user_id in OUTSIDERS:
            for path in self.outsider_paths():
                where = f"{user_id} {path}"
                with self.subTest(where):
                    first = self.get(user_id, path)
                    self.assertIn(first.status_code, (302, 401, 403, 404), where)
                    self.assert_neutral(first, where)
                    final = self.get(user_id, path, follow=True)
                    self.assertIn(final.status_code, (403, 404), where)
                    self.assert_neutral(final, where)

    def test_the_refusal_says_so_in_the_users_language_with_a_way_back(self):
        path = f"{self.scene.items['consent']}/@@sign-consent"
        response = self.get("editor", path, follow=True)
        self.assertEqual(response.status_code, 403)
        self.assertIn("bti-error-page", response.text)
        self.assertIn("Du har ikke tilgang til denne siden", response.text)
        self.assertIn(f'href="{self.site}"', response.text)
        self.assertIn(f'href="{self.site}/@@my-logs"', response.text)

    def test_a_missing_page_in_a_log_is_neutral_for_its_own_holder_too(self):
        response = self.get("holder", f"{self.scene.log}/nothing-here")
        self.assertEqual(response.status_code, 404)
        self.assertIn("bti-error-page", response.text)
        self.assert_neutral(response, "holder 404")

    def read(self, path: str, language: str, cookie: str | None = None):
        """As a browser that asks for ``language`` (Zope renders a 404 before it
        authenticates: no login here)."""
        return requests.get(
            f"{self.site}/{path}",
            headers={"Accept": "text/html", "Accept-Language": language},
            cookies={"I18N_LANGUAGE": cookie} if cookie else None,
            allow_redirects=False,
            timeout=60,
        )

    def assert_not_found_in(self, response, language: str, heading: str) -> None:
        self.assertEqual(response.status_code, 404)
        tree = lxml.html.fromstring(response.text)
        self.assertEqual(tree.get("lang"), language)
        self.assertEqual(
            tree.find("body").get("dir"), "rtl" if language == "ar" else "ltr"
        )
        self.assertEqual(tree.xpath("//h1")[0].text_content().strip(), heading)
        links = {a.get("id"): a.get("href") for a in tree.xpath("//ul//a[@id]")}
        self.assertEqual(links.get("bti-error-front-page"), self.site)
        self.assertEqual(links.get("bti-error-my-logs"), f"{self.site}/@@my-logs")

    def test_a_missing_page_reads_the_browsers_language(self):
        for language, heading in NOT_FOUND.items():
            for path in (f"{self.scene.log}/nothing-here", "nothing-here-at-all"):
                with self.subTest(language=language, path=path):
                    response = self.read(path, language)
                    self.assertIn("bti-error-page", response.text)
                    self.assert_not_found_in(response, language, heading)

    def test_the_readers_choice_comes_before_the_browser(self):
        response = self.read(f"{self.scene.log}/nothing-here", "ar", cookie="uk")
        self.assert_not_found_in(response, "uk", NOT_FOUND["uk"])

    def test_a_missing_page_outside_the_logs_is_the_neutral_page(self):
        response = self.read("nothing-here-at-all", "de")
        self.assertIn("bti-error-page", response.text)
        self.assert_not_found_in(response, "nb", NOT_FOUND["nb"])
        self.assertNotIn("Kanskje lenkene under", response.text)
        self.assertNotIn("Mener du at du skal ha tilgang", response.text)

    def test_bad_input_outside_the_logs_is_the_neutral_400_page(self):
        # Plone's search template pages with int(b_start): it was a 500.
        response = self.read("@@search?SearchableText=barn&b_start=x", "en")
        self.assertEqual(response.status_code, 400)
        self.assertIn("bti-error-page", response.text)
        self.assertIn("The page cannot use this address", response.text)
        self.assertIn("b_start must be a whole number.", response.text)
        self.assertNotIn("Try again", response.text)
        page = self.read("@@search?SearchableText=barn&b_start=10", "en")
        self.assertEqual(page.status_code, 200)
        for query in (
            "SearchableText=%FF",
            "SearchableText:list=a&SearchableText:list=b",
            "SearchableText=barn&sort_on=SearchableText",  # not sortable
            "created.query:record=x&created.range:record=min",
            "SearchableText=x&sort_on=sortable_title&sort_order:int:list=1",
            "SearchableText=x&sort_order=sideways",
        ):
            for view in ("@@search", "@@ajax-search"):
                with self.subTest(view=view, query=query):
                    response = self.read(f"{view}?{query}", "nb")
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("Søket kan ikke bruke denne adressen", response.text)
        for query in (
            "sort_on=SearchableText",
            "sort_on=sortable_title&sort_order:int:list=1",
        ):
            with self.subTest(rest=query):
                response = requests.get(
                    f"{self.site}/@search?{query}",
                    headers={"Accept": "application/json"},
                    timeout=60,
                )
                self.assertEqual(response.status_code, 400)

    def test_a_form_without_its_token_says_it_was_not_sent(self):
        """plone.protect's refusal is a 403, but not "you have no access"."""
        for language, words in (
            ("nb", "Skjemaet ble ikke sendt"),
            ("nn", "Skjemaet vart ikkje sendt"),
            ("en", "The form was not sent"),
        ):
            with self.subTest(language):
                response = requests.post(
                    f"{self.site}/{self.scene.log}/@@handover",
                    auth=("holder", PASSWORD),
                    data={"form.buttons.offer": "1", "to": "stranger"},
                    headers={"Accept": "text/html", "Accept-Language": language},
                    allow_redirects=False,
                    timeout=60,
                )
                self.assertEqual(response.status_code, 403)
                self.assertIn(words, response.text)
                self.assertNotIn("Du har ikke tilgang", response.text)
                self.assertNotIn("Mener du at du skal ha tilgang", response.text)
                again = f'id="bti-error-form-again" href="{self.site}/{self.scene.log}/@@handover"'
                self.assertIn(again, response.text)
                self.assertNotIn("You do not have access", response.text)
        for key in ("_authenticator:tokens", "_authenticator:lines"):
            with self.subTest(key):
                response = requests.post(
                    f"{self.site}/{self.scene.log}/@@handover",
                    auth=("holder", PASSWORD),
                    data={"form.buttons.offer": "1", "to": "stranger", key: ""},
                    headers={"Accept": "text/html"},
                    allow_redirects=False,
                    timeout=60,
                )
                self.assertEqual(response.status_code, 403)
        refused = self.get("stranger", f"{self.scene.log}/@@handover")
        self.assertIn("Du har ikke tilgang", refused.text)

    def test_put_delete_and_webdav_on_a_page_are_405_not_500(self):
        """Zope's traversal raised an AttributeError for a view's name."""
        log = f"{self.scene.log}/@@who-has-access"
        for method in ("PUT", "DELETE", "PROPFIND", "OPTIONS", "PATCH", "LOCK"):
            for user, path, language, words in (
                ("holder", log, "nb", "kan bare åpnes eller sendes fra en nettleser"),
                ("stranger", log, "nn", "kan berre opnast eller sendast frå ein"),
                (None, "@@search", "en", "can only be opened or sent from a web"),
            ):
                with self.subTest(method=method, user=user, path=path):
                    response = requests.request(
                        method,
                        f"{self.site}/{path}",
                        auth=(user, PASSWORD) if user else None,
                        headers={"Accept": "text/html", "Accept-Language": language},
                        allow_redirects=False,
                        timeout=60,
                    )
                    self.assertEqual(response.status_code, 405)
                    self.assertEqual(response.headers["Allow"], "GET, POST, HEAD")
                    self.assertIn(words, response.text)
                    self.assert_neutral(response, f"{method} {path}")
        # Content keeps Zope's WebDAV, REST keeps its writes.
        propfind = requests.request("PROPFIND", self.site, timeout=60)
        self.assertNotIn(propfind.status_code, (405, 500))
        for url in (self.site, f"{self.site}/++api++"):
            with self.subTest(rest=url):
                patched = requests.patch(
                    url,
                    auth=("siteadmin", PASSWORD),
                    headers={"Accept": "application/json"},
                    json={"description": "REST still writes"},
                    timeout=60,
                )
                self.assertEqual(patched.status_code, 204, patched.text[:300])

    def test_an_add_form_that_is_not_allowed_here_is_404_not_500(self):
        # The family may read the log but not add goals; nobody adds folders.
        for user, type_name in (("guardian", "Goal"), ("holder", "Folder")):
            with self.subTest(user=user, type_name=type_name):
                response = self.get(user, f"{self.scene.log}/++add++{type_name}")
                self.assertEqual(response.status_code, 404)
                self.assert_neutral(response, f"{user} ++add++{type_name}")
        self.assertEqual(
            self.get("holder", f"{self.scene.log}/++add++Goal").status_code, 200
        )

    def test_the_family_still_reads_and_signs_its_own_consent(self):
        path = f"{self.scene.items['consent']}/@@sign-consent"
        response = self.get("guardian", path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(INITIALS, response.text)

    def test_the_unit_leader_opens_the_concern_that_started_a_log(self):
        response = self.get("leader", self.scene.decided_concern)
        self.assertEqual(response.status_code, 200, response.url)
        self.assertIn(MARKERS["concern"], response.text)
        self.assertNotIn(self.scene.started_log, response.text)
        self.assertNotIn("bti-concern-log", response.text)

    def test_rest_errors_keep_plone_rests_json(self):
        """REST errors stay plone.rest's JSON, in a log and at the site root."""
        for path in [*self.outsider_paths()[:3], "@controlpanels/no-such-panel"]:
            response = requests.get(
                f"{self.site}/{path}",
                auth=("stranger", PASSWORD),
                headers={"Accept": "application/json"},
                allow_redirects=False,
                timeout=60,
            )
            with self.subTest(path=path):
                self.assertIn(response.status_code, (401, 403, 404))
                body = response.json()
                self.assertIn("type", body)
                self.assertIn("message", body)
                for secret in self.secrets():
                    self.assertNotIn(secret, response.text)

    def test_plones_helper_views_and_methods_show_nothing_of_a_log(self):
        """@@title, @@plone_context_state, breadcrumbs, manage_* inside logs."""
        items = self.scene.items
        paths = []
        for place in (self.scene.log, items["goal"], items["consent"]):
            paths += [
                f"{place}/@@title",
                f"{place}/@@plone_context_state/object_title",
                f"{place}/@@plone_context_state/workflow_state",
                f"{place}/@@breadcrumbs_view/breadcrumbs",
                f"{place}/title_or_id",
            ]
        paths += [
            f"{self.scene.concern}/@@title",
            f"{self.scene.concern}/@@plone_context_state/workflow_state",
            "logs/manage_copyObjects?ids:list=x",
            f"{self.scene.log}/manage_copyObjects?ids:list=x",
        ]
        for auth in (None, ("stranger", PASSWORD)):
            for path in paths:
                response = requests.get(
                    f"{self.site}/{path}",
                    auth=auth,
                    allow_redirects=False,
                    timeout=60,
                )
                with self.subTest(path=path, user=auth and auth[0]):
                    self.assertIn(response.status_code, (302, 401, 403, 404))
                    for secret in self.secrets():
                        self.assertNotIn(secret, response.text)

    def test_staff_and_families_cannot_list_people(self):
        """The Users vocabulary would show every family's full name."""
        for user in ("stranger", "holder", "guardian"):
            for path in (
                "@@getVocabulary?name=plone.app.vocabularies.Users&query=a",
                "@vocabularies/plone.app.vocabularies.Users?title=a",
            ):
                response = requests.get(
                    f"{self.site}/{path}",
                    auth=(user, PASSWORD),
                    headers={"Accept": "application/json"},
                    timeout=60,
                )
                with self.subTest(user=user, path=path):
                    # @@getVocabulary answers its refusal with 200 and an error.
                    if path.startswith("@@"):
                        self.assertIn("error", response.json(), response.text)
                    else:
                        self.assertIn(response.status_code, (401, 403, 404))
                    self.assertNotIn("guardian", response.text)

    def test_a_malformed_vocabulary_query_is_400(self):
        query = '{"criteria":[]}'
        for auth in (None, ("stranger", PASSWORD)):
            response = requests.get(
                f"{self.site}/@@getVocabulary",
                params={"name": "plone.app.vocabularies.Catalog", "query": query},
                auth=auth,
                timeout=60,
            )
            with self.subTest(user=auth and auth[0]):
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertIn("error", response.json())
