"""Demo sites, users and texts, read from the top-level content/ folder."""

from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.demo_logs import add_demo_logs
from bti.portal.distributions.family_pages import add_family_pages
from pathlib import Path
from plone import api
from plone.app.textfield.value import RichTextValue
from Products.CMFPlone.Portal import PloneSite

import base64
import json


CONTENT = Path(__file__).parent / "bti" / "content"


def read_json(name: str):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def demo_sites() -> list[dict]:
    """The answers that create the demo sites, with logos as data URLs."""
    sites = read_json("sites.json")
    for answers in sites:
        logo = answers.pop("logo_file", None)
        if logo:
            answers["site_logo"] = logo_data_url(CONTENT / "logos" / logo)
    return sites


def logo_data_url(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/svg+xml;name={path.name};base64,{data}"


def demo_users() -> list[dict]:
    return read_json("users.json")


def add_demo_users(site: PloneSite) -> None:
    """Add the demo users with their site-wide roles and groups (bti-staff, ...)."""
    for user in demo_users():
        api.user.create(
            email=f"{user['id']}@{site.getId()}.example.org",
            username=user["id"],
            password=user["password"],
            roles=user["roles"],
            properties={"fullname": user["fullname"]},
        )
        for group in user.get("groups", []):
            api.group.add_user(groupname=group, username=user["id"])


def add_demo_guide(site: PloneSite, language: str) -> None:
    """The forms and the guide, in one import so guide steps can link the
    forms by key."""
    items = []
    for name in ("forms.json", "guide.json"):
        if (CONTENT / language / name).exists():
            items.extend(read_json(f"{language}/{name}")["items"])
    create_tree(site, items)


def add_demo_content(site: PloneSite, language: str) -> None:
    """Demo users, the welcome text, the forms, the guide and the Stafettlogg data,
    in the site's language."""
    add_demo_users(site)
    front = read_json(f"{language}/front.json")
    site.description = front["description"]
    site.text = RichTextValue(front["text"], "text/html", "text/x-html-safe")
    add_demo_guide(site, language)
    if (CONTENT / language / "logs.json").exists():
        add_demo_logs(site, read_json(f"{language}/logs.json"))
    add_family_pages(site, language, read_json)
