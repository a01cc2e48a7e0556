"""No national id number in a server log line.

People type national ids (11 digits, also written 6+5 with a space) into
searches, so they arrive in query strings, and from there in the access log,
in Zope's event log (errors name the URL) and in the site's error log.

- ``mask``: exactly 11 digits, or 6 digits + separator + 5 digits (space,
  ``+``, ``%20``, dot, dash), become ``MASK`` (a mistyped id too); a longer
  run of digits does when 11 digits of it in a row could be a national id
  (``national_id.could_be``: check digits, day and month). Digits may be
  percent-encoded (``%31`` is ``1``). Longer numbers (RelStorage transaction
  ids) mostly stay readable.
- ``MaskingFormatter``: a logging formatter that masks the whole formatted
  record, traceback included; the instance's zope.ini gives it to every
  handler (access log, event log, console).
- ``translogger_filter``: Paste's translogger for the WSGI pipeline
  (``use = call:bti.portal.logmask:translogger_filter``) that masks the request
  line and referer before the record is made.
- ``mask_error_log_entry``: masks the entry a site's error_log just stored
  (URL, value, tracebacks, request dump).
"""

from bti.portal.domain import national_id
from paste.translogger import TransLogger
from zope.component.hooks import getSite

import logging
import re


MASK = "*" * 11
SEPARATOR = r"(?:[\s+.\-]|%20|%2[BbDdEe])"
DIGIT = r"(?:\d|%3\d)"
NATIONAL_ID = re.compile(
    rf"(?P<run>{DIGIT}{{11,}})"
    rf"|(?<!\d)(?P<head>{DIGIT}{{6}}){SEPARATOR}(?P<tail>{DIGIT}{{5}})(?!{DIGIT})"
)
_ENCODED = re.compile(r"%3(\d)")
ERROR_LOG_FIELDS = ("url", "value", "tb_text", "tb_html", "req_html")


def _replace(match: re.Match) -> str:
    found = match["run"] or match["head"] + match["tail"]
    digits = _ENCODED.sub(r"\1", found)
    if len(digits) == 11:
        return MASK  # exactly a national id's length: masked, even mistyped
    for start in range(len(digits) - 10):
        if national_id.could_be(digits[start : start + 11]):
            return MASK
    return match.group(0)


def mask(text):
    """``text`` with every number that may be a national id replaced by ``MASK``."""
    if not isinstance(text, str) or not text:
        return text
    return NATIONAL_ID.sub(_replace, text)


class MaskingFormatter(logging.Formatter):
    """A formatter whose output never holds a national id."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class MaskingFilter(logging.Filter):
    """Masks a record's message (and its traceback text) in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = mask(record.exc_text)
        return True


class MaskingTransLogger(TransLogger):
    """Paste's access log line with the request line and referer masked."""

    def write_log(self, environ, method, req_uri, start, status, bytes):  # noqa: A002
        environ = {**environ, "HTTP_REFERER": mask(environ.get("HTTP_REFERER", "-"))}
        super().write_log(environ, method, mask(req_uri), start, status, bytes)


def _flag(value, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _level(value, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, str):
        return logging.getLevelName(value.strip().upper())
    return int(value)


def translogger_filter(global_conf, **options):
    """PasteDeploy filter factory; options as for ``egg:Paste#translogger``."""
    settings = {
        "logger_name": options.get("logger_name", "wsgi"),
        "format": options.get("format"),
        "logging_level": _level(options.get("logging_level"), logging.INFO),
        "setup_console_handler": _flag(options.get("setup_console_handler"), True),
        "set_logger_level": _level(options.get("set_logger_level"), logging.DEBUG),
    }

    def wrap(app):
        return MaskingTransLogger(app, **settings)

    return wrap


def mask_entry(entry: dict) -> None:
    for name in ERROR_LOG_FIELDS:
        if entry.get(name):
            entry[name] = mask(entry[name])


def mask_error_log_entry(event) -> None:
    """After a SiteErrorLog stored an entry: mask the stored copy.

    The event carries a copy of the entry; the stored one is found by its id
    in the error logs of the current site and of the Zope root.
    """
    entry_id = event.get("id")
    site = getSite()
    if not entry_id or site is None:
        return
    places = [site]
    root = getattr(site, "getPhysicalRoot", lambda: None)()
    if root is not None and root is not site:
        places.append(root)
    for place in places:
        error_log = place.get("error_log") if hasattr(place, "get") else None
        if error_log is None or not hasattr(error_log, "_getLog"):
            continue
        for entry in error_log._getLog():
            if entry.get("id") == entry_id:
                mask_entry(entry)
