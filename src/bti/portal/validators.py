"""Field constraints with messages in the product's i18n domain."""

from bti.portal import _
from zope.interface import Invalid

import re


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def is_hex_colour(value: str) -> bool:
    if not HEX_COLOUR.match(value or ""):
        raise Invalid(
            _(
                "error_theme_colour",
                default="Write the colour as # and six hex digits, for example #1d5d7a.",
            )
        )
    return True


def municipality_names(value: list) -> bool:
    names = [name.strip() for name in value or []]
    if any(not name for name in names):
        raise Invalid(
            _("error_municipality_empty", default="A municipality name is empty.")
        )
    if len({name.casefold() for name in names}) != len(names):
        raise Invalid(
            _("error_municipality_twice", default="A municipality is listed twice.")
        )
    return True


def is_email(value: str) -> bool:
    if not EMAIL.match(value or ""):
        raise Invalid(
            _("error_email", default="Write a whole e-mail address, for example post@kommune.no.")
        )
    return True
