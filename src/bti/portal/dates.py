"""Dates and times shown to people: the site's time zone and language."""

from datetime import date
from datetime import datetime
from datetime import time
from plone import api
from zoneinfo import ZoneInfo


DEFAULT_ZONE = "Europe/Oslo"


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
    return aware(value).astimezone(site_zone()).replace(tzinfo=None) if value else None


def day_text(day) -> str:
    """A day (date, datetime or DateTime) in the site's language, without time."""
    if not day:
        return ""
    if isinstance(day, date) and not isinstance(day, datetime):
        day = datetime.combine(day, time())
    return api.portal.get_localized_time(datetime=day)


def time_text(value) -> str:
    """A moment in the site's language; a datetime in the site's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return api.portal.get_localized_time(datetime=value, long_format=True)


def numeric_day_text(value: date | datetime) -> str:
    """dd.mm.yyyy (and hh:mm for a datetime), for plain-text mail."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")
