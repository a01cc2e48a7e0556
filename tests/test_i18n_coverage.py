"""Every message the product uses is translated in nb, nn, ar and uk (and in
en when the message has no English default), and no translation drops a
${mapping} of its message.

The messages are read from the source, as i18ndude reads them (zope.app.locales'
extractors for Python and page templates, the title and description of ZCML
directives) plus manual.pot (type titles, workflow labels, message ids built
in data): a message added in code without catalog entries fails here.
"""

from lxml import etree
from pathlib import Path
from pythongettext.msgfmt import Msgfmt
from zope.app.locales.extract import py_strings
from zope.app.locales.extract import tal_strings

import functools
import gettext
import io
import re
import shutil
import tempfile
import unittest


DOMAIN = "bti.portal"
PACKAGE = Path(__file__).parent.parent / "src" / "bti" / "portal"
LOCALES = PACKAGE / "locales"
LANGUAGES = ("nb", "nn", "en", "ar", "uk")
MAPPING = re.compile(r"\$\{(\w+)\}")
# A message id that is not itself English text needs an English translation.
MESSAGE_ID = re.compile(r"^[a-z0-9]+(?:[_.-][a-z0-9]+)+$|^[a-z0-9]+$")
ZCML_ATTRIBUTES = ("title", "description")


def zcml_strings(root: Path, domain: str = DOMAIN) -> dict[str, str | None]:
    """title and description of ZCML directives in ``domain`` (like i18ndude)."""
    found: dict[str, str | None] = {}
    for path in sorted(root.rglob("*.zcml")):
        _zcml_element(etree.parse(str(path)).getroot(), None, domain, found)
    return found


def _zcml_element(element, current, domain, found):
    if not isinstance(element.tag, str):
        return
    current = element.get("i18n_domain", current)
    if current == domain and element.tag.endswith("registerProfile"):
        for attribute in ZCML_ATTRIBUTES:
            if element.get(attribute):
                found.setdefault(element.get(attribute), None)
    for child in element:
        _zcml_element(child, current, domain, found)


def pot_messages(path: Path) -> dict[str, str | None]:
    """msgid -> default of a .pot (``#. Default: "..."``)."""
    found: dict[str, str | None] = {}
    default = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#. Default: "):
            default = _unquote(line[len("#. Default: ") :])
        elif line.startswith('msgid "') and line != 'msgid ""':
            found[_unquote(line[len("msgid ") :])] = default
            default = None
        elif not line.strip():
            default = None
    return found


def _unquote(text: str) -> str:
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def product_messages(root: Path = PACKAGE) -> dict[str, str | None]:
    """msgid -> English default (None: the msgid is the text) of every message
    in ``root`` of the bti.portal domain."""
    found: dict[str, str | None] = {}
    # toolbar.pt is Plone's (plone domain), with an attribute dict that only
    # Chameleon reads: zope.tal's extractor would print a traceback for it.
    templates = tal_strings(str(root), DOMAIN, exclude=("toolbar.pt",))
    for strings in (py_strings(str(root), DOMAIN), templates):
        for msgid in strings:
            default = getattr(msgid, "default", None)
            if found.get(str(msgid)) is None:
                found[str(msgid)] = default
    for msgid, default in zcml_strings(root).items():
        found.setdefault(msgid, default)
    manual = root / "locales" / "manual.pot"
    if manual.exists():
        for msgid, default in pot_messages(manual).items():
            found.setdefault(msgid, default)
    return found


def read_catalog(path: Path) -> dict[str, str]:
    """msgid -> msgstr as zope.i18n reads it (compiled with python-gettext)."""
    compiled = Msgfmt(path.read_bytes().splitlines(True), name=str(path)).get()
    catalog = gettext.GNUTranslations(io.BytesIO(compiled))
    return dict(catalog._catalog)


def catalog_problems(messages, catalog, language) -> list[str]:
    """What is missing or wrong in ``catalog`` (msgid -> msgstr)."""
    problems = []
    for msgid, default in sorted(messages.items()):
        text = catalog.get(msgid, "")
        english = default or (None if MESSAGE_ID.match(msgid) else msgid)
        if not text:
            if not (language == "en" and english):
                problems.append(f"{language}: no translation of {msgid!r}")
            continue
        wanted = set(MAPPING.findall(english or msgid))
        dropped = sorted(wanted - set(MAPPING.findall(text)))
        if dropped:
            problems.append(f"{language}: {msgid!r} drops ${{{'}, ${'.join(dropped)}}}")
    return problems


@functools.cache
def _source_messages() -> dict[str, str | None]:
    return product_messages()


def po_path(language: str, locales: Path = LOCALES) -> Path:
    return locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"


class TestEveryMessageInEveryLanguage(unittest.TestCase):
    def setUp(self):
        self.messages = _source_messages()

    def test_messages_are_found(self):
        # The extraction reads Python, templates, ZCML and manual.pot.
        self.assertGreater(len(self.messages), 800)
        self.assertEqual(self.messages["heading_history"], "History")
        self.assertIn("BTI portal", self.messages)  # registerProfile title
        self.assertIn("level_3", self.messages)  # manual.pot
        self.assertIn("Goals and activities", self.messages.values())

    def test_every_language(self):
        for language in LANGUAGES:
            with self.subTest(language):
                catalog = read_catalog(po_path(language))
                problems = catalog_problems(self.messages, catalog, language)
                self.assertEqual(problems, [], "\n".join(problems))

    def test_pot_is_in_step_with_the_source(self):
        # The template (bti.portal.pot, i18ndude's output) has every message.
        pot = pot_messages(LOCALES / f"{DOMAIN}.pot")
        self.assertEqual(sorted(set(self.messages) - set(pot)), [])


class TestTheCheckerFails(unittest.TestCase):
    """The checks above catch a new message, an empty one and a lost mapping."""

    def test_new_message_in_code_without_catalog_entries(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "portal"
            shutil.copytree(LOCALES, root / "locales")
            (root / "canary.py").write_text(
                "from bti.portal import _\n\n"
                'CANARY = _("canary_message", default="A canary for ${name}")\n'
            )
            (root / "canary.pt").write_text(
                '<p i18n:domain="bti.portal" i18n:translate="canary_template">'
                "Sing</p>\n"
            )
            messages = product_messages(root)
            self.assertEqual(messages["canary_message"], "A canary for ${name}")
            self.assertIn("canary_template", messages)
            for language in LANGUAGES:
                catalog = read_catalog(po_path(language, root / "locales"))
                problems = catalog_problems(messages, catalog, language)
                if language == "en":
                    self.assertEqual(problems, [])  # the defaults are English
                else:
                    self.assertEqual(
                        problems,
                        [
                            f"{language}: no translation of 'canary_message'",
                            f"{language}: no translation of 'canary_template'",
                        ],
                    )

    def test_empty_translation_and_dropped_mapping(self):
        messages = {
            "greeting": "Hello ${name}, see ${url}",
            "Plain text": None,
            "label_id_only": None,
        }
        catalog = {"greeting": "Hei ${name}", "label_id_only": ""}
        self.assertEqual(
            catalog_problems(messages, catalog, "nb"),
            [
                "nb: no translation of 'Plain text'",
                "nb: 'greeting' drops ${url}",
                "nb: no translation of 'label_id_only'",
            ],
        )
        # English: the msgid or the default is the text, unless it is an id.
        self.assertEqual(
            catalog_problems(messages, catalog, "en"),
            ["en: 'greeting' drops ${url}", "en: no translation of 'label_id_only'"],
        )

    def test_an_empty_msgstr_in_a_real_catalog_counts_as_missing(self):
        with tempfile.TemporaryDirectory() as tmp:
            po = Path(tmp) / "ar.po"
            text = po_path("ar").read_text(encoding="utf-8")
            text, count = re.subn(
                r'(msgid "heading_history"\nmsgstr )".+"', r'\1""', text
            )
            self.assertEqual(count, 1)
            po.write_text(text, encoding="utf-8")
            problems = catalog_problems(
                {"heading_history": "History"}, read_catalog(po), "ar"
            )
            self.assertEqual(problems, ["ar: no translation of 'heading_history'"])
