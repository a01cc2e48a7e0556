"""A log leaves for another BTI site: export as a sealed package, import there.

The rule (bti.portal.domain.consent, ../shared/domain.md): a transition to
another municipality needs the family's consent for cooperation with the
service that takes over. The holder names that service; the log is exported
only while a recorded, valid consent of kind "cooperation" covers it (an
"access" consent lets a service read a log, not move it). The receiving site
checks the same again, with its own consent age, and places the log in one of
its units of that service. Only the relay holder exports, while the log is
being set up or active, and only sealed with a passphrase of at least 12
characters (bti.portal.relaylog.transfer.seal): the file holds the child's full name
and national id number, so it is moved by secure means, and the passphrase is
given to the receiver another way. The file is built in memory and streamed to
the holder, never stored on the server; its name is the log's random id. The
request is recorded by the audit, and the export is written into the log's
history.

The package (a zip inside the seal):

- ``manifest.json``: format and product version, who exported from which site
  and unit, the receiving service, the consent that allows it, and the sha256
  of every other file;
- ``log.json``: the log and every item in it (goals, activities, evaluations,
  messages, meetings, consents with their signature records, attachments):
  their fields, creators, creation and modification dates, their ``bti.portal.*``
  annotations (sending records of invitations, signatures, earlier origins), the
  version history metadata of versioned items (who, when, comment; the content
  of earlier versions stays in the exporting site's archive) and the log's
  workflow history;
- ``blobs/<n>``: the bytes of each file and picture.

What stays behind, because it is site-specific: the site's audit records; the
local roles (user ids differ between sites; listed in ``log.json`` for
information with the exporting site's names); the family's keyed hashes
(their key is the site's): the family becomes notes "add again by national
id", without numbers, and the young person (whose number is the child's) is
linked again on import; an open handover offer. Guardians are listed by name:
their user ids on the exporting site become their names, in the log's list of
guardians and in each consent's signers alike, so the consents stay valid and a
guardian's new user id takes the name's place when they sign again
(bti.portal.relaylog.consent.signing). Keyed hashes in signature records are left out.

On import the log gets fresh random ids, the chosen unit, and the state it had:
its workflow history is the exported one plus an "imported" entry
(``setStatusOf``), and the state's permissions are applied
(``updateRoleMappingsFor``). The importing user is its holder and may offer it
to a colleague of the unit at once. Open activities (planned or started) are
given to the new holder, since reminders go to the person responsible; who was
responsible before is kept with the log's origin (annotation ORIGINS_KEY).
"""

from Acquisition import aq_base
from bti.portal import users
from bti.portal.domain import consent as c
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.family import members as family
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.titles import neutral_title
from bti.portal.relaylog.transfer.rules import consent_covers
from bti.portal.relaylog.transfer.rules import EXPORTED
from bti.portal.relaylog.transfer.rules import holder_problem
from bti.portal.relaylog.transfer.rules import IMPORTED
from bti.portal.relaylog.transfer.rules import MOVABLE_STATES
from bti.portal.relaylog.transfer.rules import note_in_history
from bti.portal.relaylog.transfer.rules import workflow_id
from bti.portal.relaylog.transfer.seal import FORMAT
from bti.portal.relaylog.transfer.seal import PackageError
from bti.portal.relaylog.transfer.seal import passphrase_problem
from bti.portal.relaylog.transfer.seal import seal
from bti.portal.relaylog.transfer.seal import unseal
from bti.portal.relaylog.transfer.values import decode
from bti.portal.relaylog.transfer.values import decode_field
from bti.portal.relaylog.transfer.values import encode
from bti.portal.relaylog.transfer.values import fields_of
from bti.portal.relaylog.transfer.values import sha256
from bti.portal.validators import initials_constraint
from bti.portal.validators import national_id_constraint
from bti.portal.vocabularies.logs import SERVICE_KINDS
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import UTC
from importlib.metadata import version as distribution_version
from io import BytesIO
from persistent.list import PersistentList
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.interfaces import INamedImage
from plone.uuid.interfaces import IUUID
from Products.CMFEditions.interfaces.IArchivist import ArchivistUnregisteredError
from types import SimpleNamespace
from zipfile import BadZipFile
from zipfile import ZIP_DEFLATED
from zipfile import ZipFile
from zope.annotation.interfaces import IAnnotations
from zope.interface import Invalid

import contextlib
import json


PRODUCT = "bti.portal"
SUFFIX = ".btilog"
MEDIA_TYPE = "application/octet-stream"
ITEM_TYPES = (
    "Goal",
    "Activity",
    "Evaluation",
    "LogMessage",
    "Meeting",
    "Consent",
    "Attachment",
)
MAX_PACKAGE = 200 * 1024 * 1024  # bytes of a sealed file
MAX_UNPACKED = 1024 * 1024 * 1024  # bytes inside the zip
MAX_FILES = 20_000

ANNOTATION_PREFIX = "bti.portal."
VERSIONS_KEY = "bti.portal.transfer.versions"  # version metadata from earlier sites
ORIGINS_KEY = "bti.portal.transfer.origins"  # where the log came from, each time
# Site-specific annotations: never exported (see the module docstring).
NOT_EXPORTED = (handover.KEY, family.KEY, VERSIONS_KEY)
# Records that name a signer: the keyed hash goes, the guardian's id becomes a name.
SIGNER_RECORDS = (signing.SIGNATURES, signing.WITHDRAWALS)
SITE_KEYED = ("pid_hash",)
# Attributes outside the schema that belong to the record (signing).
ATTRIBUTES = {"Consent": ("text_version", "signed_acr")}
OPEN_ACTIVITY = ("planned", "started")


def fullname(user_id: str) -> str:
    """The full name of a user of this site; "" for an id with no user."""
    return users.fullname(user_id, unknown="")


def service_title(service: str) -> str:
    term = SERVICE_KINDS.by_value.get(service)
    return api.portal.translate(term.title) if term else service


# --- Export -------------------------------------------------------------------------


def file_name(log) -> str:
    """The random id only: never the child's name or number."""
    return f"{log.getId()}{SUFFIX}"


def export_problems(log, user_id: str, service: str) -> list[str]:
    """Why ``user_id`` may not export ``log`` to ``service`` (codes); [] if they may."""
    if not user_id or user_id not in roles.holders(log):
        return ["export_not_holder"]
    if api.content.get_state(log) not in MOVABLE_STATES:
        return ["transfer_log_not_active"]
    if service not in SERVICE_KINDS.by_value:
        return ["export_service_unknown"]
    if not consent_covers(log, service):
        return ["transfer_consent_missing"]
    return []


def export_log(log, service: str, passphrase: str, by_user: str) -> bytes:
    """The sealed package of ``log`` for ``service``; raises PackageError."""
    codes = export_problems(log, by_user, service)
    problem = passphrase_problem(passphrase)
    if codes or problem:
        raise PackageError(codes[0] if codes else problem)
    note_in_history(log, EXPORTED, by_user, service_title(service))
    return seal(Exporter(log).zip(service, by_user), passphrase)


def guardian_names(log) -> dict[str, str]:
    """Each entry of the list of guardians -> a name (user ids -> full names)."""
    names, used = {}, set()
    for entry in log.guardians or []:
        base = fullname(entry) or entry
        name, number = base, 2
        while name in used:
            name, number = f"{base} ({number})", number + 1
        used.add(name)
        names[entry] = name
    return names


def version_metadata(obj) -> list[dict]:
    """Earlier sites' version metadata, then this site's (who, when, comment)."""
    found = [dict(entry) for entry in IAnnotations(obj).get(VERSIONS_KEY, ())]
    repository = api.portal.get_tool("portal_repository")
    if not repository.isVersionable(obj):
        return found
    try:
        history = repository.getHistoryMetadata(obj)
    except ArchivistUnregisteredError:
        history = None
    site = api.portal.get().Title()
    for index in range(history.getLength(countPurged=False) if history else 0):
        meta = history.retrieve(index, countPurged=False)["metadata"]["sys_metadata"]
        found.append({
            "site": site,
            "version": history.getVersionId(index, countPurged=False),
            "principal": meta.get("principal") or "",
            "time": datetime.fromtimestamp(meta["timestamp"], UTC).isoformat(),
            "comment": encode(meta.get("comment") or ""),
        })
    return found


class Exporter:
    """One log as the files of its package."""

    def __init__(self, log):
        self.log = log
        self.blobs: dict[str, bytes] = {}
        self.user_ids: set[str] = set()
        self.names = guardian_names(log)
        self.counts: dict[str, int] = {}

    def blob(self, named) -> dict:
        path = f"blobs/{len(self.blobs) + 1}"
        self.blobs[path] = bytes(named.data)
        kind = "@image" if INamedImage.providedBy(named) else "@file"
        return {
            kind: path,
            "filename": named.filename or "",
            "content_type": named.contentType or "",
        }

    def fields(self, obj) -> dict:
        data = {}
        for schema, name, field in fields_of(obj):
            value = field.get(schema(obj))
            data[name] = encode(value, self.blob)
        if obj.portal_type == "RelayLog":
            data["guardians"] = [self.names.get(g, g) for g in obj.guardians or []]
        if obj.portal_type == "Consent":
            data["signed_by"] = [self.names.get(g, g) for g in obj.signed_by or []]
        if obj.portal_type == "Activity" and obj.responsible:
            self.user_ids.add(obj.responsible)
        if obj.portal_type == "Meeting":
            self.user_ids.update(obj.invited or ())
        return data

    def record(self, record: dict) -> dict:
        record = {k: v for k, v in record.items() if k not in SITE_KEYED}
        if record.get("user_id") in self.names:
            record["user_id"] = self.names[record["user_id"]]
        return record

    def annotations(self, obj) -> dict:
        annotations = IAnnotations(obj)
        data = {}
        for key in sorted(annotations.keys()):
            if not key.startswith(ANNOTATION_PREFIX) or key in NOT_EXPORTED:
                continue
            try:
                value = encode(annotations[key])
            except TypeError:
                continue  # not plain data: stays with this site
            if key in SIGNER_RECORDS:
                value = [self.record(record) for record in value]
            data[key] = value
        return data

    def node(self, obj) -> dict:
        self.counts[obj.portal_type] = self.counts.get(obj.portal_type, 0) + 1
        creators = list(obj.creators or ())
        versions = version_metadata(obj)
        self.user_ids.update(creators)
        self.user_ids.update(v["principal"] for v in versions if v.get("principal"))
        children = (
            [child for child in obj.objectValues() if child.portal_type in ITEM_TYPES]
            if hasattr(aq_base(obj), "objectValues")
            else []
        )
        children.sort(key=lambda child: (child.created(), child.getId()))
        return {
            "type": obj.portal_type,
            "id": obj.getId(),
            "uid": IUUID(obj, ""),
            "fields": self.fields(obj),
            "attributes": {
                name: encode(getattr(obj, name, ""))
                for name in ATTRIBUTES.get(obj.portal_type, ())
            },
            "creators": creators,
            "created": encode(obj.creation_date),
            "modified": encode(obj.modification_date),
            "annotations": self.annotations(obj),
            "versions": versions,
            "items": [self.node(child) for child in children],
        }

    def history(self) -> list[dict]:
        entries = self.log.workflow_history.get(workflow_id(self.log), ())
        self.user_ids.update(e.get("actor") for e in entries if e.get("actor"))
        return [encode(dict(entry)) for entry in entries]

    def local_roles(self) -> list[dict]:
        """For information only: who had which role here (not imported)."""
        found = []
        for user_id, local in self.log.get_local_roles():
            held = sorted(set(local) & set(roles.PEOPLE_ROLES))
            if held:
                name = self.names.get(user_id) or fullname(user_id) or user_id
                found.append({"name": name, "roles": held})
        return sorted(found, key=lambda entry: entry["name"])

    def family_notes(self) -> list[dict]:
        """The family to add again by national id on the receiving site (no numbers)."""
        notes = []
        for entry in family.entries(self.log):
            linked = [fullname(user_id) for user_id in entry.get("user_ids") or ()]
            notes.append({
                "role": entry["role"],
                "name": entry.get("name") or ", ".join(filter(None, linked)),
                "added_at": entry.get("added_at", ""),
            })
        return notes

    def content(self) -> dict:
        log = self.node(self.log)
        log["workflow_history"] = self.history()
        log["state"] = api.content.get_state(self.log)
        unit = roles.unit_of(self.log)
        return {
            "log": log,
            "unit": {"title": unit.Title(), "service": unit.service} if unit else {},
            "roles": self.local_roles(),
            "family": self.family_notes(),
            "people": {
                user_id: fullname(user_id)
                for user_id in sorted(self.user_ids)
                if user_id not in self.names and fullname(user_id)
            },
        }

    def zip(self, service: str, by_user: str) -> bytes:
        content = json.dumps(self.content(), ensure_ascii=False, sort_keys=True)
        files = {"log.json": content.encode("utf-8"), **self.blobs}
        consent = self.allowing_consent(service)
        portal = api.portal.get()
        manifest = {
            "format": FORMAT,
            "product": PRODUCT,
            "product_version": distribution_version(PRODUCT),
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "exported_by": {"id": by_user, "fullname": fullname(by_user)},
            "source": {"site": portal.Title(), "url": portal.absolute_url()},
            "log_id": self.log.getId(),
            "receiving_service": service,
            "consent": consent,
            "contents": dict(sorted(self.counts.items())),
            "personal_data": True,  # full name and national id: move by secure means
            "files": {name: sha256(data) for name, data in files.items()},
        }
        buffer = BytesIO()
        with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
            archive.writestr(
                "manifest.json", json.dumps(manifest, indent=1, sort_keys=True)
            )
            for name, data in files.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    def allowing_consent(self, service: str) -> dict:
        today = date.today()
        for consent in facts.recorded_consents(self.log):
            if (
                consent.kind == c.COOPERATION
                and service in consent.services
                and c.is_valid(consent, today)
            ):
                end = c.expiry(consent)
                return {
                    "kind": consent.kind,
                    "signed": consent.signed.isoformat(),
                    "valid_until": end.isoformat() if end else None,
                }
        return {}


# --- Import -------------------------------------------------------------------------


@dataclass
class Package:
    manifest: dict
    content: dict
    blobs: dict[str, bytes]

    @property
    def service(self) -> str:
        return self.manifest.get("receiving_service") or ""

    @property
    def source(self) -> dict:
        return self.manifest.get("source") or {}


def open_package(data: bytes, passphrase: str) -> Package:
    """Unseal and read a package; raises PackageError."""
    if not data:
        raise PackageError("import_file_missing")
    if len(data) > MAX_PACKAGE:
        raise PackageError("import_too_large")
    plain = unseal(data, passphrase)
    try:
        archive = ZipFile(BytesIO(plain))
        infos = archive.infolist()
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise PackageError("import_too_large")
        manifest = json.loads(archive.read("manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("product") != PRODUCT:
            raise PackageError("import_not_a_package")
        if not isinstance(manifest.get("format"), int):
            raise PackageError("import_damaged")
        if manifest["format"] > FORMAT:
            raise PackageError("import_version_unsupported")
        files = {}
        for name, digest in manifest["files"].items():
            files[name] = archive.read(name)
            if sha256(files[name]) != digest:
                raise PackageError("import_damaged")
        content = json.loads(files.pop("log.json"))
    except PackageError:
        raise
    except (BadZipFile, KeyError, TypeError, ValueError, AttributeError):
        raise PackageError("import_damaged") from None
    return Package(manifest, content, files)


def import_problems(package: Package, unit, holder: str = "") -> list[str]:
    """Reason codes why ``package`` may not be imported into ``unit``; [] if it may."""
    if unit is None:
        return ["transfer_unit_unknown"]
    if unit.service != package.service:
        return ["import_service_mismatch"]
    if holder:
        problem = holder_problem(unit, holder)
        if problem:
            return [problem]
    try:
        node = package.content["log"]
        check_tree(node, package.blobs)
        fields = node["fields"]
        initials_constraint(fields["title"])
        national_id_constraint(fields["national_id"])
        state = node["workflow_history"][-1]["review_state"]
        wftool = api.portal.get_tool("portal_workflow")
        workflow = wftool.getWorkflowById(wftool.getChainForPortalType("RelayLog")[0])
        if state not in workflow.states:
            return ["import_damaged"]
        if not consents_cover(node, package.service):
            return ["import_consent_missing"]
    except (Invalid, KeyError, IndexError, TypeError, ValueError, AttributeError):
        return ["import_damaged"]
    return []


def check_tree(node: dict, blobs: dict, parent: str = "") -> None:
    """Known types, each where its type may be added, and every blob present."""
    types = api.portal.get_tool("portal_types")
    if not parent and node["type"] != "RelayLog":
        raise ValueError("not a log")
    if parent and (
        node["type"] not in ITEM_TYPES or not types[parent].allowType(node["type"])
    ):
        raise ValueError("type not allowed here")
    decode(node["fields"], blobs)  # a blob missing: KeyError
    for child in node.get("items") or []:
        check_tree(child, blobs, node["type"])


def consents_cover(node: dict, service: str) -> bool:
    """The package's consents, checked by this site's rules, cover ``service``."""
    fields = node["fields"]
    child = SimpleNamespace(
        guardians=list(fields.get("guardians") or []),
        national_id=fields.get("national_id") or "",
    )
    consents = [
        facts.to_domain_consent(SimpleNamespace(**decode(item["fields"])))
        for item in node.get("items") or []
        if item["type"] == "Consent"
    ]
    recorded = [x for x in consents if not facts.consent_problems(child, x)]
    return c.covers_service(recorded, service, date.today())


def import_log(
    folder, data: bytes, passphrase: str, unit, by_user: str, holder: str = ""
):
    """A new log in ``folder`` from a sealed package; raises PackageError.

    ``unit``: a Unit of this site of the package's receiving service.
    ``by_user`` (the current user) becomes the holder; ``holder``, when given,
    a colleague listed on ``unit``, is offered the log at once.
    """
    package = open_package(data, passphrase)
    codes = import_problems(package, unit, holder)
    if codes:
        raise PackageError(codes[0])
    return Importer(folder, package, unit, by_user).build(holder)


class Importer:
    """Build the log from a checked package (nothing here refuses)."""

    def __init__(self, folder, package: Package, unit, by_user: str):
        self.folder = folder
        self.package = package
        self.unit = unit
        self.by_user = by_user
        self.made: list[tuple] = []  # (object, node)
        self.uids: dict[str, str] = {}  # exported UID -> new UID
        self.reassigned: list[dict] = []

    def create(self, container, node: dict, **overrides):
        fields = {}
        for _schema, name, field in fields_of(node["type"]):
            if name in node["fields"]:
                fields[name] = decode_field(
                    field, node["fields"][name], self.package.blobs
                )
        fields.update(overrides)
        obj = createContentInContainer(
            container, node["type"], checkConstraints=False, **fields
        )
        for name in ATTRIBUTES.get(node["type"], ()):
            if name in (node.get("attributes") or {}):
                setattr(obj, name, decode(node["attributes"][name]))
        annotations = IAnnotations(obj)
        for key, value in (node.get("annotations") or {}).items():
            if key.startswith(ANNOTATION_PREFIX) and key not in NOT_EXPORTED:
                annotations[key] = decode(value, persistent=True)
        if node.get("versions"):
            annotations[VERSIONS_KEY] = decode(node["versions"], persistent=True)
        if node.get("uid"):
            self.uids[node["uid"]] = IUUID(obj)
        self.made.append((obj, node))
        for child in node.get("items") or []:
            self.create(obj, child)
        return obj

    def build(self, holder: str = ""):
        node = self.package.content["log"]
        # In draft while it is filled: no notifications for the messages added.
        log = self.create(self.folder, node, unit=self.unit.UID())
        if self.by_user not in roles.holders(log):
            roles.set_role(log, self.by_user, p.RELAY_HOLDER)
        self.link_items()
        self.restore_state(log, node)
        self.restore_dates()
        self.record_origin(log)
        self.link_young_person(log)
        if holder and holder != self.by_user:
            handover.offer(log, holder, by_user=self.by_user, keep_previous=False)
        return log

    def link_items(self) -> None:
        """References follow the new UIDs; open activities go to the new holder."""
        for obj, _node in self.made:
            for schema, name, _field in fields_of(obj):
                value = getattr(schema(obj), name, None)
                if name.endswith("_uid") and value in self.uids:
                    setattr(schema(obj), name, self.uids[value])
            if (
                obj.portal_type == "Activity"
                and obj.status in OPEN_ACTIVITY
                and obj.responsible != self.by_user
            ):
                self.reassigned.append({
                    "activity": IUUID(obj),
                    "responsible": obj.responsible or "",
                })
                obj.responsible = self.by_user

    def restore_state(self, log, node: dict) -> None:
        wftool = api.portal.get_tool("portal_workflow")
        wf_id = workflow_id(log)
        log.workflow_history[wf_id] = tuple(
            decode(entry) for entry in node["workflow_history"]
        )
        note_in_history(
            log, IMPORTED, self.by_user, self.package.source.get("site", "")
        )
        wftool.getWorkflowById(wf_id).updateRoleMappingsFor(log)
        log.reindexObjectSecurity()

    def restore_dates(self) -> None:
        """Creators and dates as exported, then the catalog without touching them."""
        catalog = api.portal.get_tool("portal_catalog")
        indexes = list(catalog.indexes())
        for obj, node in self.made:
            obj.creators = tuple(node.get("creators") or ())
            obj.creation_date = decode(node["created"])
            obj.modification_date = decode(node["modified"])
            title = neutral_title(obj)
            if title:
                obj.title = title
        for obj, _node in self.made:
            obj.reindexObject(idxs=indexes)  # a list of names: no notifyModified

    def record_origin(self, log) -> None:
        content = self.package.content
        manifest = self.package.manifest
        origin = {
            "site": self.package.source.get("site", ""),
            "url": self.package.source.get("url", ""),
            "unit": (content.get("unit") or {}).get("title", ""),
            "exported_at": manifest.get("exported_at", ""),
            "exported_by": (manifest.get("exported_by") or {}).get("fullname", ""),
            "product_version": manifest.get("product_version", ""),
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "imported_by": self.by_user,
            "receiving_service": self.package.service,
            "roles": content.get("roles") or [],
            "family": content.get("family") or [],
            "people": content.get("people") or {},
            "reassigned": self.reassigned,
        }
        annotations = IAnnotations(log)
        origins = annotations.get(ORIGINS_KEY)
        if origins is None:
            origins = annotations[ORIGINS_KEY] = PersistentList()
        origins.append(decode(origin, persistent=True))

    def link_young_person(self, log) -> None:
        """The young person's number is the child's: linked again at once."""
        notes = self.package.content.get("family") or []
        if any(note.get("role") == p.YOUTH for note in notes):
            # under this site's consent age: the holder decides
            with contextlib.suppress(family.FamilyError):
                family.add_member(log, None, p.YOUTH, added_by=self.by_user)


def origins(log) -> list[dict]:
    """Where the log came from (earliest first), for the holder."""
    return [dict(entry) for entry in IAnnotations(log).get(ORIGINS_KEY, ())]
