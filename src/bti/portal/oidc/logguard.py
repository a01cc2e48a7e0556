"""A log guard that keeps tokens, claims and national ids out of every log.

Installed at import: every record made by a logger of the login's code
paths (ours, pas.plugins.oidc, pyoidc, PyJWT, requests/urllib3, Zope's error
log, and their children) is rewritten when it is made, before any handler
sees it; the root logger's handlers present then get the same filter for
the records of every other logger. JWTs and JWEs, bearer tokens, values of
token and secret fields, and 11-digit numbers (a national id) become
placeholders, in the message and in the traceback text.
"""

import logging
import re


REDACTIONS = (
    # JWS (3 parts) or JWE (5 parts) in compact form
    (re.compile(r"eyJ[\w-]+(?:\.[\w-]*){1,4}"), "[token]"),
    (re.compile(r"(?i)\b(bearer)\s+[\w.~+/=-]+"), r"\1 [token]"),
    (
        re.compile(
            r"(?i)(['\"]?\b(?:access_token|id_token|refresh_token|id_token_hint|"
            r"client_secret|client_assertion|code_verifier|pid)['\"]?\s*[:=]\s*)"
            r"(['\"]?)[^'\",&\s}]+"
        ),
        r"\1\2[redacted]",
    ),
    (re.compile(r"(?<!\d)\d{11}(?!\d)"), "[number]"),
)
GUARDED_LOGGERS = (
    "bti.portal",
    "pas.plugins.oidc",
    "oic",
    "oidcmsg",
    "cryptojwt",
    "jwt",
    "requests",
    "urllib3",
    "plone.session",
    "plone.restapi",
    "Zope.SiteErrorLog",
)


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites the record's message and traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record stays as it is
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


FILTER = RedactingFilter()


def _guarded(name: str) -> bool:
    return any(name == g or name.startswith(f"{g}.") for g in GUARDED_LOGGERS)


def _guarding_factory(factory):
    def make_record(*args, **kwargs):
        record = factory(*args, **kwargs)
        if _guarded(record.name):
            FILTER.filter(record)
        return record

    make_record.bti_log_guard = True
    return make_record


def install() -> None:
    """Guard the records of the login's loggers and the root's handlers.

    Idempotent: a second call adds nothing.
    """
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "bti_log_guard", False):
        logging.setLogRecordFactory(_guarding_factory(factory))
    for handler in logging.getLogger().handlers:
        if FILTER not in handler.filters:
            handler.addFilter(FILTER)
