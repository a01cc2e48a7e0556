"""No full name or national id in any title, URL, catalog record, @search result
or server log line (Python logging, the access log, Zope's error log, the audit).

The scene (tests/access_cases.py) holds seven logs with full names, national ids
and files named after the child; a D-number log is added here. The server log
test captures all Python logging (root logger, DEBUG) and an access log (Paste's
translogger, as the instance's zope.ini has it) while a log is created, edited,
given an invalid national id and read, through REST and the classic edit form.
"""

from __future__ import annotations

from bti.portal.content.ids import is_random_id
from bti.portal.domain.levels import STATES
from bti.portal.relaylog import create
from bti.portal.testing import use_temp_audit_dir
from contextlib import contextmanager
from paste.translogger import TransLogger
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests.access_cases import PASSWORD
from tests.access_cases import personal
from tests.logs_fixture import valid_nid
from tests.test_access_matrix import ACCESS_FUNCTIONAL_TESTING
from zope.component.hooks import setSite

import logging
import requests
import transaction
import unittest


# A D-number: the birth day raised by 40 (15 -> 55).
D_NUMBER_BIRTH = "550309"
D_NAME = "Dina Dnummer Hemmeligsdottir"


def secrets_of(name: str, nid: str) -> tuple[str, ...]:
    """The name, its surname, the number and its telling fragments."""
    return (name, name.split()[-1], nid, nid[:9], f"{nid[:6]} {nid[6:]}")


def scene_secrets() -> list[str]:
    return [text for state in STATES for text in personal(state)]


def found(texts, haystack: str) -> list[str]:
    haystack = haystack.casefold()
    return [text for text in texts if text.casefold() in haystack]


class NoLeakTestCase(unittest.TestCase):
    layer = ACCESS_FUNCTIONAL_TESTING

    def setUp(self):
        self.audit_dir = use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setSite(self.portal)
        self.scene = self.layer["scene"]
        self.base = self.portal.absolute_url()
        self.unit = self.portal.unrestrictedTraverse(self.scene.unit_path)

    def log_objects(self):
        """Every log of the scene and everything inside it."""
        for log_scene in self.scene.logs.values():
            log = self.portal.unrestrictedTraverse(log_scene.path)
            yield log
            stack = list(log.objectValues())
            while stack:
                obj = stack.pop()
                yield obj
                stack.extend(getattr(obj, "objectValues", list)())


class TestTitlesAndUrls(NoLeakTestCase):
    def test_titles_ids_and_urls_name_nobody(self):
        secrets = scene_secrets()
        checked = 0
        for obj in self.log_objects():
            urls = [obj.absolute_url()]
            for field in ("file", "image"):
                blob = getattr(obj, field, None)
                if blob is not None:
                    urls.append(
                        f"{obj.absolute_url()}/@@download/{field}/{blob.filename}"
                    )
                    urls.append(f"{obj.absolute_url()}/@@images/{field}")
            self.assertTrue(is_random_id(obj.getId()), obj.getId())
            text = " ".join([obj.Title(), obj.getId(), *urls])
            self.assertEqual(found(secrets, text), [], text)
            checked += 1
        self.assertGreaterEqual(checked, 6 * 10)


class TestCatalog(NoLeakTestCase):
    def setUp(self):
        super().setUp()
        self.d_number = valid_nid(D_NUMBER_BIRTH, "300")
        with api.env.adopt_user(username="holder"):
            log = create(
                self.portal["logs"],
                "RelayLog",
                title="D.H.",
                full_name=D_NAME,
                national_id=self.d_number,
                unit=self.unit.UID(),
                guardians=["guardian"],
            )
            create(log, "Goal", area="school", title="Lese mer")
        transaction.commit()
        self.secrets = [*scene_secrets(), *secrets_of(D_NAME, self.d_number)]

    def test_no_metadata_column_or_index_value_names_a_child(self):
        catalog = api.portal.get_tool("portal_catalog")
        records = 0
        for rid, path in catalog._catalog.paths.items():
            metadata = repr(catalog.getMetadataForRID(rid))
            indexes = repr(catalog.getIndexDataForRID(rid))
            self.assertEqual(found(self.secrets, metadata), [], path)
            self.assertEqual(found(self.secrets, indexes), [], path)
            records += 1
        self.assertGreater(records, 6 * 10)

    def test_search_as_manager_finds_no_name(self):
        session = requests.Session()
        session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.addCleanup(session.close)
        queries = [
            "SearchableText=secret",
            "portal_type=RelayLog",
            "portal_type=Attachment",
            f"path={self.scene.portal_path}/logs",
        ]
        for query in queries:
            for extra in ("&metadata_fields=_all", "&fullobjects=1"):
                response = session.get(
                    f"{self.base}/@search?{query}{extra}&b_size=500",
                    headers={"Accept": "application/json"},
                    timeout=120,
                )
                self.assertEqual(response.status_code, 200, query)
                if not query.startswith("SearchableText"):
                    # Log items are never in a text search; asked by type or
                    # path, they are listed, by title (initials or kind) only.
                    self.assertGreater(response.json()["items_total"], 0, query)
                self.assertEqual(found(self.secrets, response.text), [], query + extra)
        # Names and numbers are not in the full-text index at all.
        for secret in (D_NAME, self.d_number, "Enersen", personal("level1")[2]):
            response = session.get(
                f"{self.base}/@search",
                params={"SearchableText": secret, "metadata_fields": "_all"},
                headers={"Accept": "application/json"},
                timeout=120,
            )
            self.assertEqual(response.json()["items"], [], secret)


class CapturedLines(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        try:
            line = self.format(record)
        except Exception:
            line = f"{record.msg!r} {record.args!r}"
        self.lines.append(line)


@contextmanager
def captured_logging():
    """All Python log records at DEBUG, and an access log line per request."""
    handler = CapturedLines()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    loggers = [root, *logging.root.manager.loggerDict.values()]
    levels = {
        logger: logger.level for logger in loggers if isinstance(logger, logging.Logger)
    }
    root.addHandler(handler)
    for logger in levels:
        logger.setLevel(logging.DEBUG)
    server = WSGI_SERVER_FIXTURE.server
    application = server.application
    server.application = TransLogger(application, setup_console_handler=False)
    try:
        yield handler
    finally:
        server.application = application
        root.removeHandler(handler)
        for logger, level in levels.items():
            logger.setLevel(level)


class TestServerLogs(NoLeakTestCase):
    name = "Tobias Loggfri Hemmeligsen"

    def setUp(self):
        super().setUp()
        self.nid = valid_nid("020512", "200")
        self.other_nid = valid_nid("030613", "210")
        self.invalid_nid = self.nid[:-1] + str((int(self.nid[-1]) + 1) % 10)
        self.session = requests.Session()
        self.session.auth = ("holder", PASSWORD)
        self.addCleanup(self.session.close)
        self.portal.error_log.setProperties(
            keep_entries=50, copy_to_zlog=True, ignored_exceptions=()
        )

    def secrets(self) -> list[str]:
        found_texts = [*secrets_of(self.name, self.nid), self.invalid_nid]
        found_texts += [self.other_nid, self.other_nid[:9]]
        return found_texts

    def rest(self, method: str, url: str, **options):
        response = self.session.request(
            method, url, headers={"Accept": "application/json"}, timeout=120, **options
        )
        self.addCleanup(response.close)
        return response

    def rest_flow(self) -> str:
        created = self.rest(
            "POST",
            f"{self.base}/logs",
            json={
                "@type": "RelayLog",
                "title": "T.L.",
                "full_name": self.name,
                "national_id": self.nid,
                "unit": self.unit.UID(),
                "guardians": ["guardian"],
            },
        )
        self.assertEqual(created.status_code, 201, created.text)
        url = created.json()["@id"]
        # The details are written on the log itself (its holder has "Edit log
        # details" there), so they are sent again once it exists.
        edited = self.rest(
            "PATCH",
            url,
            json={
                "full_name": self.name,
                "national_id": self.other_nid,
                "unit": self.unit.UID(),
                "guardians": ["guardian"],
                "strengths": "Synger",
            },
        )
        self.assertEqual(edited.status_code, 204, edited.text)
        refused = self.rest("PATCH", url, json={"national_id": self.invalid_nid})
        self.assertEqual(refused.status_code, 400, refused.text)
        self.assertEqual(found([self.invalid_nid], refused.text), [])
        # Errors of the field types themselves (zope.schema puts the value in them).
        for data in (
            {"full_name": self.name.replace(" ", "\n")},
            {"full_name": self.name.split()},
            {"national_id": [self.nid]},
            {"full_name": self.name, "unit": "no-such-unit"},
        ):
            refused = self.rest("PATCH", url, json=data)
            self.assertEqual(refused.status_code, 400, refused.text)
        read = self.rest("GET", url)
        self.assertEqual(read.status_code, 200)
        self.assertEqual(read.json()["full_name"], self.name)
        self.rest("GET", f"{url}/@history")
        return url

    def form_flow(self, url: str) -> None:
        transaction.commit()
        browser = Browser(self.layer["app"])
        browser.handleErrors = True
        browser.raiseHttpErrors = False
        browser.addHeader("Authorization", f"Basic holder:{PASSWORD}")
        browser.open(f"{url}/edit")
        browser.getControl(name="form.widgets.national_id").value = self.invalid_nid
        browser.getControl(name="form.buttons.save").click()
        self.assertEqual(self.stored(url, "national_id"), self.other_nid)  # refused
        browser.getControl(name="form.widgets.national_id").value = self.nid
        browser.getControl(name="form.widgets.full_name").value = self.name
        browser.getControl(name="form.buttons.save").click()
        self.assertEqual(self.stored(url, "national_id"), self.nid)
        browser.open(url)
        self.assertEqual(browser.headers["status"], "200 OK")

    def stored(self, url: str, field: str):
        return self.rest("GET", url).json()[field]

    def test_no_log_line_names_the_child(self):
        with captured_logging() as captured:
            url = self.rest_flow()
            self.form_flow(url)
        lines = captured.lines
        self.assertTrue(
            any("PATCH" in line and url.split("/")[-1] in line for line in lines),
            "the access log was not captured",
        )
        leaked = [line for line in lines if found(self.secrets(), line)]
        self.assertEqual(leaked, [])
        entries = repr(self.portal.error_log.getLogEntries())
        self.assertEqual(found(self.secrets(), entries), [], entries[:2000])
        # The audit of the requests (its files, byte for byte).
        audit_files = [path for path in self.audit_dir.rglob("*") if path.is_file()]
        self.assertTrue(audit_files, "no audit was written")
        for path in audit_files:
            text = path.read_bytes().decode("latin-1")
            self.assertEqual(found(self.secrets(), text), [], path.name)
