"""The generated access test: every user x every state x every read path.

Users: one per role of the permission matrix (RelayHolder, Participant,
Guardian, Youth, UnitLeader, Coordinator, PlanCoordinator) plus anonymous, an
unrelated staff member, an editor and a site administrator. States: the seven of the RelayLog
workflow, one log each (tests/access_cases.py builds them by real transitions).
Paths: the HTML views of the log and its items, REST GET (with expansions),
@search (also with metadata_fields=_all), listing pages, downloads inside the
log, history and versions, related-item summaries on a public page, and every
page and REST GET service the product registers on a log, an item in it, the
log folder or a unit, read from the component registry (tests/published_surface.py)
with the permission of its registration.

What a user should reach is asked of bti.portal.domain.permissions for each
case. A leak is data of a log (a field's marker, the child's name or national
id, or, on finding paths, the ids of the log's objects) in a response to
someone without access; a wrong refusal is access the matrix grants but the
site refuses. Both are collected over all cases and reported in one assertion.
"""

from __future__ import annotations

from bti.portal.domain import permissions as p
from bti.portal.domain.levels import STATES
from bti.portal.testing import use_temp_audit_dir
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import replace
from plone.app.testing import FunctionalTesting
from plone.app.testing import PLONE_SITE_ID
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests import published_surface as surface
from tests.access_cases import ACCESS_SCENE
from tests.access_cases import found_in
from tests.access_cases import LogScene
from tests.access_cases import markers
from tests.access_cases import PASSWORD
from tests.access_cases import PEOPLE
from tests.access_cases import Person
from tests.access_cases import personal
from tests.access_cases import refused
from urllib.parse import quote

import json
import requests
import time
import unittest


ACCESS_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(ACCESS_SCENE, WSGI_SERVER_FIXTURE), name="BTIAccessScene:Functional"
)

# Kinds of path.
CONTENT = "content"  # reads the log or an item: refused unless the matrix allows
FINDER = "finder"  # search, listings, related items: shows only what the user may View
OVERVIEW = "overview"  # status pages for oversight: never content
# The product's registered pages and services on a log or an item: refused unless
# the matrix grants the registration's permission (they may refuse more).
REGISTERED = "registered"
# Plone's CMS screens (folder contents): staff who may View the log, never
# its family (browser/nocms/).
STAFF_SCREEN = "Show Toolbar"
FAMILY_ROLES = frozenset({p.GUARDIAN, p.YOUTH})

WORD = "secret"  # in every marker; searching it echoes no marker
BATCH = 200
WORKERS = 3  # users asked in parallel (the test server has 4 threads)


@dataclass(frozen=True)
class Path:
    """One read path. ``target``: "log", an item key, "scale" (the picture's
    unique scale URL), or a fixed place ("site", "logs", "unit", "document"),
    whose one response per user is checked against every state. ``shows``:
    what an allowed user must get, as marker keys or "id:<key>" / "uid:<key>"
    of the log ("log") or an item."""

    name: str
    kind: str
    target: str
    suffix: str = ""
    needs: tuple[str, ...] = (p.VIEW,)
    shows: tuple[str, ...] = ()
    json: bool = False
    folder: bool = False  # also needs View on the log folder (LOG_FOLDER_GRANTS)
    image: bool = False  # an allowed user gets an image
    # States whose grants must allow too: a version keeps the permission settings
    # the log had when it was saved (CMFEditions copies them), and Plone checks
    # them when it renders the version's preview.
    saved_in: tuple[str, ...] = ()
    optional: bool = False  # included only when the site has it
    # A form's POST endpoint: a bare GET need not work for whoever may use it,
    # but everyone else must be refused.
    post_only: bool = False


def _catalog_vocabulary(index: str, operation: str, value: str) -> str:
    """The catalog vocabulary (related-items widget, folder contents)."""
    query = {
        "criteria": [
            {
                "i": index,
                "o": f"plone.app.querystring.operation.{operation}",
                "v": value,
            }
        ]
    }
    return (
        "@@getVocabulary?name=plone.app.vocabularies.Catalog"
        f"&query={quote(json.dumps(query))}"
        f"&attributes={quote(json.dumps(['UID', 'id', 'Title', 'path']))}"
        f"&batch={quote(json.dumps({'page': 1, 'size': BATCH}))}"
    )


# HTML and REST views of each item, with the marker its page must show.
ITEM_MARKERS = {
    "goal": "goal",
    "activity": "activity",
    "evaluation": "evaluation",
    "message": "message",
    "meeting": "place",
    "consent": "consent",
    "file": "file",
    "image": "image",
}
EXPAND = "actions,breadcrumbs,navigation,workflow,types,contextnavigation"

PATHS: tuple[Path, ...] = (
    # The log and its items, HTML and REST.
    Path("log html", CONTENT, "log", shows=("strengths",)),
    *(
        Path(f"{key} html", CONTENT, key, "/view", shows=(marker,))
        for key, marker in ITEM_MARKERS.items()
    ),
    Path("log rest", CONTENT, "log", shows=("strengths",), json=True),
    Path(
        "log rest fullobjects",
        CONTENT,
        "log",
        "?fullobjects=1",
        shows=("message",),
        json=True,
    ),
    Path(
        "log rest expand",
        CONTENT,
        "log",
        f"?expand={EXPAND}",
        shows=("strengths",),
        json=True,
    ),
    Path(
        "log @workflow", CONTENT, "log", "/@workflow", shows=("transition",), json=True
    ),
    *(
        Path(f"{key} rest", CONTENT, key, shows=(marker,), json=True)
        for key, marker in ITEM_MARKERS.items()
    ),
    Path(
        "goal rest fullobjects",
        CONTENT,
        "goal",
        "?fullobjects=1",
        shows=("activity",),
        json=True,
    ),
    # Downloads.
    Path("file download", CONTENT, "file", "/@@download/file", shows=("filedata",)),
    Path("image original", CONTENT, "image", "/@@images/image", shows=("imagedata",)),
    Path("image download", CONTENT, "image", "/@@download/image", shows=("imagedata",)),
    Path("image thumb", CONTENT, "image", "/@@images/image/thumb", image=True),
    Path("image scale url", CONTENT, "scale", image=True),
    # History and versions.
    Path(
        "log @@historyview",
        CONTENT,
        "log",
        "/@@historyview",
        needs=(p.VIEW, p.MODIFY),
        shows=("version",),
    ),
    Path(
        "log versions form",
        CONTENT,
        "log",
        "/@@versions_history_form",
        needs=(p.VIEW, p.VERSIONS),
        shows=("version",),
    ),
    Path(
        "log history popup",
        CONTENT,
        "log",
        "/@@contenthistorypopup",
        needs=(p.VIEW, p.VERSIONS),
        shows=("version",),
    ),
    Path(
        "log version 0",
        CONTENT,
        "log",
        "/@@versions_history_form?version_id=0",
        needs=(p.VIEW, p.VERSIONS),
        shows=("old",),
        saved_in=("draft",),
    ),
    Path(
        "log version-view",
        CONTENT,
        "log",
        "/@@version-view?version_id=0",
        shows=("strengths",),
    ),
    Path(
        "log diff",
        CONTENT,
        "log",
        "/@@history?one=0&two={last}",
        needs=(p.VIEW, p.VERSIONS),
    ),
    Path(
        "log @history",
        CONTENT,
        "log",
        "/@history",
        needs=(p.VERSIONS,),
        shows=("version",),
        json=True,
    ),
    Path(
        "log @history/0",
        CONTENT,
        "log",
        "/@history/0",
        needs=(p.VERSIONS,),
        shows=("old",),
        json=True,
    ),
    Path(
        "goal versions form",
        CONTENT,
        "goal",
        "/@@versions_history_form",
        needs=(p.VIEW, p.VERSIONS),
        shows=("goalversion",),
    ),
    Path(
        "goal diff",
        CONTENT,
        "goal",
        "/@@history?one=0&two=1",
        needs=(p.VIEW, p.VERSIONS),
        shows=("goal",),
    ),
    Path(
        "goal @history",
        CONTENT,
        "goal",
        "/@history",
        needs=(p.VERSIONS,),
        shows=("goalversion",),
        json=True,
    ),
    # Search and listings. Log items are never in a text search (the staff
    # search engine leaves them out): text searches must show nothing of a
    # log to anyone; by type or path they are listed for those who may View.
    Path(
        "@search text",
        FINDER,
        "site",
        f"/@search?SearchableText={WORD}&metadata_fields=_all&b_size={BATCH}",
        json=True,
    ),
    Path(
        "@search text fullobjects",
        FINDER,
        "site",
        f"/@search?SearchableText={WORD}&fullobjects=1&b_size={BATCH}",
        json=True,
    ),
    Path(
        "@search logs",
        FINDER,
        "site",
        f"/@search?portal_type=RelayLog&metadata_fields=_all&b_size={BATCH}",
        shows=("uid:log",),
        json=True,
    ),
    Path(
        "@search logs fullobjects",
        FINDER,
        "site",
        f"/@search?portal_type=RelayLog&fullobjects=1&b_size={BATCH}",
        shows=("strengths",),
        json=True,
    ),
    Path(
        "@search in log",
        FINDER,
        "log",
        "/@search?metadata_fields=_all",
        shows=("uid:goal",),
        json=True,
    ),
    Path(
        "@search path",
        FINDER,
        "site",
        "/@search?path={portal_path}/{log_path}&metadata_fields=_all",
        shows=("uid:log", "uid:goal"),
        json=True,
    ),
    Path(
        "@search site path",
        FINDER,
        "site",
        f"/@search?path={{portal_path}}/logs&metadata_fields=_all&b_size={BATCH}",
        shows=("uid:log",),
        json=True,
    ),
    Path(
        "@@search page",
        FINDER,
        "site",
        f"/@@search?SearchableText={WORD}&portal_type=Goal",
    ),
    Path(
        "catalog vocabulary",
        FINDER,
        "site",
        "/" + _catalog_vocabulary("SearchableText", "string.contains", WORD),
        shows=("uid:goal",),
        json=True,
    ),
    Path(
        "@navigation",
        FINDER,
        "site",
        "/@navigation?expand.navigation.depth=4",
        json=True,
    ),
    Path("logs folder_contents", FINDER, "logs", "/folder_contents", folder=True),
    Path(
        "logs folder_contents data",
        FINDER,
        "logs",
        "/" + _catalog_vocabulary("path", "string.path", f"/{PLONE_SITE_ID}/logs::1"),
        json=True,
        folder=True,
    ),
    Path(
        "logs rest",
        FINDER,
        "logs",
        f"?b_size={BATCH}",
        shows=("id:log",),
        json=True,
        folder=True,
    ),
    Path(
        "logs rest fullobjects",
        FINDER,
        "logs",
        f"?fullobjects=1&b_size={BATCH}",
        shows=("strengths",),
        json=True,
        folder=True,
    ),
    # Related items on a public page.
    Path("related html", FINDER, "document", shows=("id:log", "goal")),
    Path("related rest", FINDER, "document", shows=("uid:log", "uid:goal"), json=True),
    Path(
        "related @relations",
        FINDER,
        "site",
        "/@relations?source={document_uid}",
        shows=("uid:log",),
        json=True,
    ),
    # The log folder's default view; its named pages come from the registry.
    Path("logs html", OVERVIEW, "logs", needs=(p.OVERVIEW,)),
)


# Registered pages only POSTed to by a form (plone.app.workflow's sharing AJAX).
POST_ONLY_PAGES = frozenset({"updateSharingInfo"})


def registered_paths(portal, scene) -> tuple[Path, ...]:
    """Every page and REST GET service of the product on a log, an item in it,
    the log folder or a unit, from the registry: one path each, on the first
    place it answers (the log before its items, then the folder and the unit)."""
    log = scene.logs["level1"]
    places = [
        ("log", portal.unrestrictedTraverse(log.path)),
        *((key, portal.unrestrictedTraverse(path)) for key, path in log.items.items()),
        ("logs", portal["logs"]),
        ("unit", portal.unrestrictedTraverse(scene.unit_path)),
    ]
    paths = []
    for item in surface.registrations():
        if item.kind == "viewlet" or item.method != "GET":
            continue
        target = next((key for key, obj in places if item.applies_to(obj)), None)
        if target is None:
            continue
        suffix = f"/{item.name}" if item.kind == "service" else f"/@@{item.name}"
        name = f"{item.kind} {suffix[1:]}"
        if target in ("logs", "unit"):
            paths.append(
                Path(name, OVERVIEW, target, suffix, (p.OVERVIEW,), json=item.json)
            )
        else:
            paths.append(
                Path(
                    name,
                    REGISTERED,
                    target,
                    suffix,
                    (item.permission,),
                    json=item.json,
                    post_only=item.name in POST_ONLY_PAGES,
                )
            )
    return tuple(paths)


class Client:
    """One requests session per user (basic auth), responses kept per URL."""

    def __init__(self, person: Person):
        self.session = requests.Session()
        if not person.anonymous:
            self.session.auth = (person.user_id, PASSWORD)
        self.cache: dict[tuple[str, bool], requests.Response] = {}

    def get(self, url: str, as_json: bool) -> requests.Response:
        key = (url, as_json)
        if key not in self.cache:
            headers = {"Accept": "application/json"} if as_json else {}
            self.cache[key] = self.session.get(
                url, headers=headers, allow_redirects=False, timeout=120
            )
        return self.cache[key]

    def close(self) -> None:
        self.session.close()


class TestAccessMatrix(unittest.TestCase):
    layer = ACCESS_FUNCTIONAL_TESTING
    # About two minutes of HTTP requests: make test runs it, make test-quick not.
    level = 2

    def setUp(self):
        use_temp_audit_dir(self)
        self.scene = self.layer["scene"]
        self.base = self.layer["portal"].absolute_url()

    # --- building cases -------------------------------------------------------------

    def url(self, path: Path, log: LogScene) -> str:
        places = {
            "site": "",
            "logs": "/logs",
            "unit": f"/{self.scene.unit_path}",
            "document": f"/{self.scene.document_path}",
            "log": f"/{log.path}",
            "scale": f"/{log.scale}",
        }
        where = (
            places[path.target]
            if path.target in places
            else f"/{log.items[path.target]}"
        )
        suffix = path.suffix.format(
            last=log.versions - 1,
            portal_path=self.scene.portal_path,
            log_path=log.path,
            document_uid=self.scene.document_uid,
        )
        return f"{self.base}{where}{suffix}"

    def present(self, paths) -> list[Path]:
        """Optional paths only when the site has them (Manager gets no 404)."""
        owner = requests.Session()
        owner.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        log = self.scene.logs["level1"]
        kept = []
        for path in paths:
            if path.optional:
                response = owner.get(
                    self.url(path, log),
                    headers={"Accept": "application/json"} if path.json else {},
                    allow_redirects=False,
                    timeout=120,
                )
                if response.status_code == 404:
                    continue
            kept.append(path)
        owner.close()
        return kept

    # --- judging one case -------------------------------------------------------------

    def allowed(self, person: Person, state: str, path: Path) -> bool:
        if STAFF_SCREEN in path.needs:
            if set(person.roles) & FAMILY_ROLES:
                return False
            needs = tuple(n for n in path.needs if n != STAFF_SCREEN) or (p.VIEW,)
            path = replace(path, needs=needs)
        if not set(path.needs) <= set(p.PERMISSIONS):
            return False  # not the matrix's: only Manager, who is not asked
        for in_state in (state, *path.saved_in):
            if not all(
                p.has_permission(in_state, person.roles, need) for need in path.needs
            ):
                return False
        if path.folder:
            return bool(set(person.roles) & set(p.LOG_FOLDER_GRANTS[p.VIEW]))
        return True

    def expected_texts(self, log: LogScene, shows) -> list[str]:
        marks = markers(log.state)
        texts = []
        for token in shows:
            if token.startswith("id:"):
                key = token[3:]
                path = log.path if key == "log" else log.items[key]
                texts.append(path.rsplit("/", 1)[-1])
            elif token.startswith("uid:"):
                key = token[4:]
                texts.append(log.uid if key == "log" else log.uids[key])
            elif token == "transition" and log.state == "draft":
                continue  # no transition in draft
            else:
                texts.append(marks[token])
        return texts

    def to_status_page(self, person: Person, log: LogScene, response) -> bool:
        """Oversight roles ("View log overview", no View) are sent from the log
        page to its status page (browser/dashboard), which is judged on its own."""
        location = response.headers.get("Location", "")
        return (
            response.status_code == 302
            and location.endswith(f"{log.path.rsplit('/', 1)[-1]}/@@log-status")
            and p.has_permission(log.state, person.roles, p.OVERVIEW)
        )

    def judge(  # noqa: C901 (one flat case per kind of path)
        self, person: Person, log: LogScene, path: Path, url: str, response
    ) -> list[str]:
        """Problems of one case: "LEAK ...", "REFUSED ..." or "ERROR ..." lines."""
        state = log.state
        allowed = self.allowed(person, state, path)
        where = f"{person.user_id} / {state} / {path.name} ({response.status_code})"
        content = list(markers(state).values())
        everyone_personal = [text for s in STATES for text in personal(s)]
        # Ids matter where a path finds things; the URL itself may name the log.
        ids = [i for i in log.ids if i not in url]
        problems = []

        def leak(texts):
            found = found_in(response, texts)
            if found:
                problems.append(f"LEAK {where}: {found}")

        def must_show(texts):
            if response.status_code != 200:
                problems.append(f"REFUSED {where}: expected 200")
                return
            missing = [t for t in texts if t not in found_in(response, texts)]
            if missing:
                problems.append(f"REFUSED {where}: missing {missing}")
            if path.image and not response.headers.get("Content-Type", "").startswith(
                "image/"
            ):
                problems.append(f"REFUSED {where}: not an image")

        # A form's POST endpoint: a bare GET is not its use for allowed users.
        if response.status_code >= 500 and not (path.post_only and allowed):
            problems.append(f"ERROR {where}")
            leak(content + everyone_personal)
        elif path.kind == CONTENT:
            if allowed:
                must_show(self.expected_texts(log, path.shows))
            else:
                if not (
                    refused(response) or self.to_status_page(person, log, response)
                ):
                    problems.append(f"LEAK {where}: not refused")
                leak(content + list(personal(state)))
        elif path.kind == FINDER:
            leak(everyone_personal)
            if allowed:
                if path.shows:
                    must_show(self.expected_texts(log, path.shows))
            else:
                leak(content + ids)
        elif path.kind == OVERVIEW:
            leak(everyone_personal)
            if not p.has_permission(state, person.roles, p.VIEW):
                leak(content)
                if not p.has_permission(state, person.roles, p.OVERVIEW):
                    leak(ids)
        elif path.kind == REGISTERED and not allowed:
            if not refused(response):
                problems.append(f"LEAK {where}: not refused")
            leak(content + list(personal(state)))
        return problems

    # --- the test ---------------------------------------------------------------------

    def run_person(self, person: Person, paths) -> tuple[int, list[str]]:
        client = Client(person)
        cases, problems = 0, []
        try:
            for state in STATES:
                log = self.scene.logs[state]
                for path in paths:
                    url = self.url(path, log)
                    response = client.get(url, path.json)
                    cases += 1
                    problems += self.judge(person, log, path, url, response)
        finally:
            client.close()
        return cases, problems

    def test_every_user_state_and_path(self):
        started = time.monotonic()
        registered = registered_paths(self.layer["portal"], self.scene)
        paths = self.present(PATHS) + list(registered)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(
                pool.map(lambda person: self.run_person(person, paths), PEOPLE)
            )
        cases = sum(count for count, _ in results)
        problems = [line for _, found in results for line in found]
        leaks = [line for line in problems if line.startswith("LEAK")]
        refusals = [line for line in problems if line.startswith("REFUSED")]
        errors = [line for line in problems if line.startswith("ERROR")]
        if errors:  # the server's own account of what went wrong
            problems += [
                f"error_log: {entry['type']}: {entry['value']} ({entry['url']})"
                for entry in self.layer["portal"].error_log.getLogEntries()[-5:]
            ]
        print(
            f"\naccess matrix: {cases} cases, {len(leaks)} leaks, "
            f"{len(refusals)} wrong refusals, {len(errors)} server errors "
            f"({len(PEOPLE)} users x {len(STATES)} states x {len(paths)} paths, "
            f"{time.monotonic() - started:.0f} s)"
        )
        self.assertGreaterEqual(cases, 10 * 6 * 12)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))
