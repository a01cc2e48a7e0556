"""An HTML diff of two snapshots (title, description, text), word by word
over the text of the HTML, escaped: <ins> and <del> are the only markup."""

from bti.portal.baseline.pages import FIELDS
from html import escape
from html.parser import HTMLParser

import difflib
import re


BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "tr", "br", "div"})


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain(html: str) -> str:
    """The readable text of HTML, one line per block."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text)


def diff_html(old: str, new: str) -> str:
    """``old`` → ``new`` as escaped HTML with <del> and <ins>."""
    a, b = words(old), words(new)
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return "".join(out).replace("\n", "<br />")


def field_diffs(old: dict | None, new: dict | None) -> list[dict]:
    """Per field (title, description, text): the diff, and whether it changed."""
    old, new = old or {}, new or {}
    rows = []
    for name in FIELDS:
        before = old.get(name, "")
        after = new.get(name, "")
        if name == "text":
            before, after = plain(before), plain(after)
        rows.append({
            "field": name,
            "changed": before != after,
            "html": diff_html(before, after),
        })
    return rows
