"""The site's error log keeps server errors, not a client's bad input.

Plone's error log leaves out Unauthorized, NotFound and Redirect. A 400, 403 or 405
from the product's own checks (a malformed value, a unit that is not the
viewer's) is answered with a clear message to the client; its traceback, with
the request's address and form, does not belong beside real errors in a
portal about children, and it buried them under an attacker's probing.
"""

CLIENT_ERRORS = ("BadRequest", "Forbidden", "MethodNotAllowed")


def ignore_client_errors(site) -> None:
    error_log = site.get("error_log")
    if error_log is None:
        return
    settings = error_log.getProperties()
    ignored = tuple(dict.fromkeys([*settings["ignored_exceptions"], *CLIENT_ERRORS]))
    error_log.setProperties(settings["keep_entries"], settings["copy_to_zlog"], ignored)
