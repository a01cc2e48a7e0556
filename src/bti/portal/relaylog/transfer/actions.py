"""Moving, exporting and importing logs as the current user: who may, and the
errors as BadRequest (400) or Forbidden (403) with a translated message.

Called by the pages (bti.portal.browser.transfer) and the REST services
@transfer, @export and @import-log.
"""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.transfer import package
from bti.portal.relaylog.transfer import rules as transfer
from bti.portal.relaylog.transfer.seal import PackageError
from bti.portal.relaylog.transfer.seal import passphrase_problem
from bti.portal.users import current_user_id
from bti.portal.users import fullname
from bti.portal.vocabularies.logs import SERVICE_KINDS
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from zExceptions import BadRequest
from zExceptions import Forbidden


IMPORT = "bti.portal: Import log"
FORBIDDEN = ("transfer_not_allowed", "export_not_holder", "import_not_allowed")


def error_text(code: str) -> str:
    return api.portal.translate(message(code))


def refuse(code: str):
    """The exception for a reason code (raise it)."""
    kind = Forbidden if code in FORBIDDEN else BadRequest
    return kind(error_text(code))


def json_object(request) -> dict:
    """The JSON object in a REST request's body; a 400 when it is not one."""
    try:
        return json_body(request)
    except DeserializationError:
        raise refuse("body_not_json") from None


def upload_bytes(upload) -> bytes:
    """The bytes of an uploaded file field (empty when nothing was chosen)."""
    if upload is None or isinstance(upload, str) or not hasattr(upload, "read"):
        return b""
    upload.seek(0)
    return upload.read(package.MAX_PACKAGE + 1)  # more is refused as too large


# --- Another unit -------------------------------------------------------------------


def units_to_choose(log) -> list[dict]:
    """The site's other units with the people listed on each (new holders)."""
    current = getattr(log, "unit", None)
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    ):
        if current == brain.UID:
            continue
        unit = brain._unrestrictedGetObject()
        found.append(unit_info(unit))
    return found


def unit_info(unit) -> dict:
    people = sorted(unit.people(), key=lambda user_id: fullname(user_id).lower())
    return {
        "uid": unit.UID(),
        "title": unit.Title(),
        "service": unit.service,
        "service_title": package.service_title(unit.service),
        "people": [
            {"id": user_id, "fullname": fullname(user_id)} for user_id in people
        ],
    }


def transfer_log(
    log, unit_uid: str, holder: str, keep_previous: bool = True
) -> dict | None:
    """Move the log as the current user; returns the handover offer (or None)."""
    user_id = current_user_id()
    if not transfer.may_transfer(log):
        raise refuse("transfer_not_allowed")
    unit = transfer.unit_by_uid(unit_uid)
    try:
        return transfer.transfer_to_unit(
            log, unit, holder, by_user=user_id, keep_previous=keep_previous
        )
    except transfer.TransferError as error:
        raise refuse(error.code) from None


def transfer_message(log, holder: str, offer) -> str:
    unit = roles.unit_of(log)
    if offer is None:
        text = _(
            "transfer_done_same_holder",
            default="The log now belongs to ${unit}.",
            mapping={"unit": unit.Title() if unit else ""},
        )
    else:
        text = _(
            "transfer_done",
            default="The log now belongs to ${unit}. It is offered to ${name}, "
            "who holds it once they accept.",
            mapping={"unit": unit.Title() if unit else "", "name": fullname(holder)},
        )
    return api.portal.translate(text)


# --- Another BTI site ---------------------------------------------------------------


def may_export(log) -> bool:
    return (
        not api.user.is_anonymous()
        and api.user.get_current().getId() in roles.holders(log)
        and api.user.has_permission(p.HAND_OVER, obj=log)
    )


def covered_services(log) -> list[dict]:
    """Services a valid consent for cooperation covers: where the log may go."""
    return [
        {"id": term.value, "title": package.service_title(term.value)}
        for term in SERVICE_KINDS
        if transfer.consent_covers(log, term.value)
    ]


def export(log, service: str, passphrase: str, repeated: str | None = None) -> bytes:
    """The sealed package as the current user (the holder)."""
    user_id = current_user_id()
    if not api.user.has_permission(p.HAND_OVER, obj=log):
        raise refuse("export_not_holder")
    codes = package.export_problems(log, user_id, service)
    problem = passphrase_problem(passphrase, repeated)
    if codes or problem:
        raise refuse(codes[0] if codes else problem)
    try:
        return package.export_log(log, service, passphrase, by_user=user_id)
    except PackageError as error:
        raise refuse(error.code) from None


def download_headers(response, log, size: int) -> None:
    response.setHeader("Content-Type", package.MEDIA_TYPE)
    response.setHeader(
        "Content-Disposition", f'attachment; filename="{package.file_name(log)}"'
    )
    response.setHeader("Content-Length", str(size))
    response.setHeader("Cache-Control", "no-store")
    response.setHeader("X-Content-Type-Options", "nosniff")


def may_import(folder) -> bool:
    return api.user.has_permission(IMPORT, obj=folder)


def import_units() -> list[dict]:
    catalog = api.portal.get_tool("portal_catalog")
    return [
        unit_info(brain._unrestrictedGetObject())
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Unit", sort_on="sortable_title"
        )
    ]


def import_package(
    folder, data: bytes, passphrase: str, unit_uid: str, holder: str = ""
):
    """A new log from a sealed package, as the current user (its holder)."""
    user_id = current_user_id()
    if not may_import(folder):
        raise refuse("import_not_allowed")
    if not data:
        raise refuse("import_file_missing")
    if not passphrase:
        raise refuse("import_passphrase_missing")
    unit = transfer.unit_by_uid(unit_uid)
    if unit is None:
        raise refuse("transfer_unit_unknown")
    try:
        return package.import_log(
            folder, data, passphrase, unit, user_id, holder=holder
        )
    except PackageError as error:
        raise refuse(error.code) from None


def origin_summary(log) -> dict | None:
    """The latest origin of an imported log, for its holder (no numbers in it)."""
    found = package.origins(log)
    if not found:
        return None
    origin = found[-1]
    return {
        "site": origin.get("site", ""),
        "url": origin.get("url", ""),
        "unit": origin.get("unit", ""),
        "exported_by": origin.get("exported_by", ""),
        "exported_at": origin.get("exported_at", ""),
        "imported_at": origin.get("imported_at", ""),
        "imported_by": fullname(origin.get("imported_by", "")),
        "family": [
            {"role": note.get("role", ""), "name": note.get("name", "")}
            for note in origin.get("family") or []
        ],
        "roles": [
            {"name": entry.get("name", ""), "roles": list(entry.get("roles") or [])}
            for entry in origin.get("roles") or []
        ],
        "reassigned": len(origin.get("reassigned") or []),
    }
