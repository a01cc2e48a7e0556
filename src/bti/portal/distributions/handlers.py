"""Create a BTI site: plone.distribution calls these three in order."""

from bti.portal.distributions import demo
from bti.portal.oidc.settings import oidc_settings
from bti.portal.settings import get_settings
from plone import api
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
    # Before the demo content: the mails it causes go to the demo's mail catcher.
    configure_mail(answers)
    if answers["setup_content"]:
        # As plone.distribution's own handler does before a content import.
        transaction.savepoint(optimistic=True)
        SCHEMA_CACHE.clear()
        demo.add_demo_content(site, answers["default_language"])
    return site


MAIL_RECORDS = {
    "smtp_host": "plone.smtp_host",
    "smtp_port": "plone.smtp_port",
    "email_from_address": "plone.email_from_address",
    "email_from_name": "plone.email_from_name",
}


def configure_mail(answers: dict) -> None:
    """The optional answers smtp_host, smtp_port, email_from_address and
    email_from_name (``make start`` gives them for the demo sites: its mail
    catcher) into Plone's mail settings, which MailHost reads."""
    for answer, record in MAIL_RECORDS.items():
        if answers.get(answer):
            api.portal.set_registry_record(record, answers[answer])
