"""Dates and times shown to people: the site's time zone and the reader's
language.

In the five languages of the portal (nb, nn, en, ar, uk) a day is written the
way a reader of that language writes it, with the month's name from the
locale data of zope.i18n (CLDR): "5. mars 2026", "5 March 2026",
"5 مارس 2026", "5 березня 2026"; a moment adds the time, 24-hour clock.
Other languages keep Plone's formats.
"""

from bti.portal.memo import for_reader
from datetime import date
from datetime import datetime
from datetime import time
from functools import cache
from functools import lru_cache
from plone import api
from zoneinfo import ZoneInfo
from zope.globalrequest import getRequest
from zope.i18n.format import DateTimeFormat
from zope.i18n.locales import locales


DEFAULT_ZONE = "Europe/Oslo"
# language -> (day, moment) patterns, zope.i18n's DateTimeFormat syntax.
PATTERNS = {
    "nb": ("d. MMMM yyyy", "d. MMMM yyyy 'kl.' HH:mm"),
    "nn": ("d. MMMM yyyy", "d. MMMM yyyy 'kl.' HH:mm"),
    "en": ("d MMMM yyyy", "d MMMM yyyy, HH:mm"),
    "ar": ("d MMMM yyyy", "d MMMM yyyy، HH:mm"),
    "uk": ("d MMMM yyyy", "d MMMM yyyy, HH:mm"),
}
# The moment patterns are the day's, this and HH:mm: a moment is written
# from its day's text (kept) and its time, not formatted again (zope.i18n
# works out every field of a pattern for each value: most of a long page's
# dates). tests/test_dates_locale.py holds both to PATTERNS.
BEFORE_TIME = {"nb": " kl. ", "nn": " kl. ", "en": ", ", "ar": "، ", "uk": ", "}


def language_of(code: str | None) -> str | None:
    """One of PATTERNS' languages for a negotiated code ("nb-NO", "no"), or None."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    base = "nb" if base == "no" else base
    return base if base in PATTERNS else None


def format_day(value: date | datetime, language: str) -> str:
    """The day of ``value`` as a reader of ``language`` (one of PATTERNS) writes it."""
    day = value.date() if isinstance(value, datetime) else value
    return _day(day, language)


def format_moment(value: datetime, language: str) -> str:
    """Day and time of ``value`` (as given, no zone conversion) in ``language``."""
    return f"{_day(value.date(), language)}{BEFORE_TIME[language]}{value:%H:%M}"


@lru_cache(maxsize=4096)
def _day(day: date, language: str) -> str:
    return _format(day, language, 0)


def _format(value, language: str, which: int) -> str:
    return _formatter(language, which).format(value)


@cache
def _formatter(language: str, which: int) -> DateTimeFormat:
    """PATTERNS[language][which] with the language's calendar, parsed once."""
    calendar = locales.getLocale(language).dates.calendars["gregorian"]
    return DateTimeFormat(PATTERNS[language][which], calendar)


def reader_language() -> str | None:
    """The language negotiated for this request, if it is one of PATTERNS'
    (read from the request where negotiation put it, as Plone reads it)."""
    request = getRequest()
    negotiated = request.get("LANGUAGE") if request is not None else None
    if negotiated:
        return language_of(negotiated)
    try:
        return language_of(api.portal.get_current_language())
    except Exception:  # no site or request (scripts): Plone's formats
        return None


def site_zone() -> ZoneInfo:
    name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_ZONE)


def aware(value: datetime | None) -> datetime | None:
    """Forms store meetings in the site's local time without a zone; REST in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=site_zone())


def local(value: datetime | None) -> datetime | None:
    """In the site's time zone, without the zone (for display)."""
    if not value:
        return None
    zone = site_zone()  # once: a registry read
    value = value if value.tzinfo else value.replace(tzinfo=zone)
    return value.astimezone(zone).replace(tzinfo=None)


def day_text(day) -> str:
    """A day (date, datetime or DateTime) in the site's language, without time."""
    if not day:
        return ""
    if hasattr(day, "asdatetime"):  # Zope's DateTime
        day = local(day.asdatetime())
    language = reader_language()
    if language:
        if type(day) is date:  # a list's rows share days: each written once
            return for_reader(("day", day), lambda: format_day(day, language))
        return format_day(day, language)
    if isinstance(day, date) and not isinstance(day, datetime):
        day = datetime.combine(day, time())
    return api.portal.get_localized_time(datetime=day)


def time_text(value) -> str:
    """A moment in the site's language; a datetime in the site's time zone."""
    if not value:
        return ""
    if hasattr(value, "asdatetime"):  # Zope's DateTime
        value = value.asdatetime()
    if isinstance(value, datetime):
        value = local(value)
    language = reader_language()
    if language:
        if not isinstance(value, datetime):
            return format_day(value, language)
        return format_moment(value, language)
    return api.portal.get_localized_time(datetime=value, long_format=True)


def numeric_day_text(value: date | datetime) -> str:
    """dd.mm.yyyy (and hh:mm for a datetime), for plain-text mail."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")
