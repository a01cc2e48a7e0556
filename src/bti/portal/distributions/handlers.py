"""Create a BTI site: plone.distribution calls these three in order."""

from bti.portal.distributions import demo
from bti.portal.oidc.settings import oidc_settings
from bti.portal.settings import get_settings
from plone.dexterity.schema import SCHEMA_CACHE
from plone.distribution.core import Distribution
from plone.distribution.handler import default_handler
from Products.CMFPlone.Portal import PloneSite

import transaction


DEFAULTS = {
    "description": "",
    "default_language": "nb",
    "portal_timezone": "Europe/Oslo",
    "consent_age": 16,
    "level0_deadline_days": 28,
    "theme_colour": "#1d5d7a",
    "setup_content": False,
    "oidc_issuer": "",
    "oidc_client_id": "",
    "oidc_client_secret": "",
    "oidc_acr_values": ["idporten-loa-high"],
}


def pre_handler(answers: dict) -> dict:
    """Fill in defaults and tidy the free text answers."""
    answers = {**DEFAULTS, **answers}
    answers["site_id"] = answers["site_id"].strip()
    answers["title"] = answers["title"].strip()
    answers["municipalities"] = [
        name.strip() for name in answers.get("municipalities", []) if name.strip()
    ]
    return answers


def handler(distribution: Distribution, site: PloneSite, answers: dict) -> PloneSite:
    """Apply the profiles, store the BTI settings, add demo content if asked."""
    # The distribution has no exportimport content of its own: demo content
    # is per language and added below, so the default handler skips content.
    site = default_handler(distribution, site, {**answers, "setup_content": False})
    settings = get_settings()
    settings.municipalities = list(answers["municipalities"])
    settings.consent_age = int(answers["consent_age"])
    settings.level0_deadline_days = int(answers["level0_deadline_days"])
    settings.theme_colour = answers["theme_colour"]
    settings.forms_email = answers.get("forms_email") or None
    settings.demo_content = bool(answers["setup_content"])
    login = oidc_settings()
    login.issuer = answers["oidc_issuer"].strip()
    login.client_id = answers["oidc_client_id"].strip()
    login.client_secret = answers["oidc_client_secret"]
    login.acr_values = [
        value.strip() for value in answers["oidc_acr_values"] if value.strip()
    ]
    # Local password logins only where demo users exist (README: demo mode).
    login.demo_mode = bool(answers["setup_content"])
    if answers["setup_content"]:
        # As plone.distribution's own handler does before a content import.
        transaction.savepoint(optimistic=True)
        SCHEMA_CACHE.clear()
        demo.add_demo_content(site, answers["default_language"])
    return site
