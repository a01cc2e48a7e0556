"""A Noark 5 extraction package (arkivuttrekk) of one log's archive copies.

The zip holds:
- ``arkivstruktur.xml``: arkiv -> arkivdel -> mappe (the log, by its random id)
  -> one registrering per copy -> dokumentbeskrivelse -> dokumentobjekt
  (format PDF/A, sjekksum SHA256, filstoerrelse, referanseDokumentfil);
- ``dokumenter/<file>.pdf``: the PDF/A copies;
- ``sjekksummer.sha256``: the SHA-256 of every other file (``sha256sum -c``).

No child's name or national id appears in titles or names: the mappe is
"Stafettlogg <random id>"; the documents themselves hold the content.
"""

from __future__ import annotations

from bti.portal.domain.archive import checksum
from bti.portal.domain.archive import checksum_list
from bti.portal.domain.archive import Copy
from datetime import datetime
from xml.etree import ElementTree as ET

import io
import uuid
import zipfile


NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
STRUCTURE = "arkivstruktur.xml"
CHECKSUMS = "sjekksummer.sha256"
DOCUMENTS = "dokumenter"
PDFA_FORMAT = "PDF/A - ISO 19005"
EVENT_TITLES = {
    "transfer": "Overføring til annen enhet",
    "handover": "Ny stafettholder",
    "passive": "Samtykke trukket tilbake",
    "closed": "Loggen er avsluttet",
    "periodic": "Halvårlig arkivering",
    "manual": "Arkivering på forespørsel",
}

ET.register_namespace("", NS)
ET.register_namespace("xsi", XSI)


def _system_id(*parts: str) -> str:
    """A stable UUID (Noark's systemID) from the names of what it identifies."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "bti-archive:" + "/".join(parts)))


def _add(parent: ET.Element, tag: str, text: str = "") -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text:
        element.text = text
    return element


def _moment(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def arkivstruktur(
    log_id: str, copies: list[Copy], created: datetime, system: str
) -> bytes:
    """The arkivstruktur.xml of one log's copies."""
    root = ET.Element(f"{{{NS}}}arkiv")
    _add(root, "systemID", _system_id(system))
    _add(root, "tittel", f"BTI-portalen {system}")
    _add(root, "arkivstatus", "Avsluttet")
    _add(root, "opprettetDato", _moment(created))
    _add(root, "opprettetAv", "BTI-portalen")
    part = _add(root, "arkivdel")
    _add(part, "systemID", _system_id(system, "stafettlogger"))
    _add(part, "tittel", "Stafettlogger")
    _add(part, "arkivdelstatus", "Avsluttet periode")
    _add(part, "opprettetDato", _moment(created))
    _add(part, "opprettetAv", "BTI-portalen")
    folder = _add(part, "mappe")
    _add(folder, "systemID", _system_id(system, log_id))
    _add(folder, "mappeID", log_id)
    _add(folder, "tittel", f"Stafettlogg {log_id}")
    _add(folder, "opprettetDato", _moment(min(c.time for c in copies)))
    _add(folder, "opprettetAv", "BTI-portalen")
    for number, copy in enumerate(sorted(copies, key=lambda c: c.time), start=1):
        record = _add(folder, "registrering")
        record.set(f"{{{XSI}}}type", "registrering")
        _add(record, "systemID", _system_id(system, log_id, copy.copy_id))
        _add(record, "opprettetDato", _moment(copy.time))
        _add(record, "opprettetAv", "BTI-portalen")
        _add(record, "arkivertDato", _moment(copy.time))
        _add(record, "arkivertAv", "BTI-portalen")
        _add(record, "registreringsID", f"{log_id}/{number}")
        title = EVENT_TITLES.get(copy.event, copy.event)
        _add(record, "tittel", f"Stafettlogg {log_id}: {title}")
        description = _add(record, "dokumentbeskrivelse")
        _add(description, "systemID", _system_id(system, log_id, copy.copy_id, "d"))
        _add(description, "dokumenttype", "Stafettlogg")
        _add(description, "dokumentstatus", "Dokumentet er ferdigstilt")
        _add(description, "tittel", f"Stafettlogg {log_id}")
        _add(description, "opprettetDato", _moment(copy.time))
        _add(description, "opprettetAv", "BTI-portalen")
        _add(description, "tilknyttetRegistreringSom", "Hoveddokument")
        _add(description, "dokumentnummer", "1")
        _add(description, "tilknyttetDato", _moment(copy.time))
        _add(description, "tilknyttetAv", "BTI-portalen")
        document = _add(description, "dokumentobjekt")
        _add(document, "versjonsnummer", "1")
        _add(document, "variantformat", "Arkivformat")
        _add(document, "format", PDFA_FORMAT)
        _add(document, "opprettetDato", _moment(copy.time))
        _add(document, "opprettetAv", "BTI-portalen")
        _add(document, "referanseDokumentfil", f"{DOCUMENTS}/{copy.file_name}")
        _add(document, "sjekksum", copy.sha256)
        _add(document, "sjekksumAlgoritme", "SHA256")
        _add(document, "filstoerrelse", str(copy.size))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def package(
    log_id: str, copies: list[tuple[Copy, bytes]], created: datetime, system: str
) -> bytes:
    """The zip of one log's copies (ValueError without copies or on a bad sum)."""
    if not copies:
        raise ValueError("no copies to package")
    for copy, data in copies:
        if checksum(data) != copy.sha256 or len(data) != copy.size:
            raise ValueError(f"copy {copy.copy_id} does not match its checksum")
    files = {f"{DOCUMENTS}/{copy.file_name}": data for copy, data in copies}
    files[STRUCTURE] = arkivstruktur(log_id, [c for c, _ in copies], created, system)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.writestr(CHECKSUMS, checksum_list(files))
    return buffer.getvalue()


def problems(data: bytes) -> list[str]:
    """What is wrong with a package (structure, sums, sizes); [] when it is sound."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for required in (STRUCTURE, CHECKSUMS):
            if required not in names:
                return [f"missing {required}"]
        for line in archive.read(CHECKSUMS).decode().splitlines():
            digest, name = line.split("  ", 1)
            if name not in names or checksum(archive.read(name)) != digest:
                found.append(f"checksum {name}")
        root = ET.fromstring(archive.read(STRUCTURE))  # noqa: S314 - our own package
        for document in root.iter(f"{{{NS}}}dokumentobjekt"):
            name = document.findtext(f"{{{NS}}}referanseDokumentfil")
            if name not in names:
                found.append(f"missing {name}")
                continue
            content = archive.read(name)
            if document.findtext(f"{{{NS}}}sjekksum") != checksum(content):
                found.append(f"sjekksum {name}")
            if document.findtext(f"{{{NS}}}filstoerrelse") != str(len(content)):
                found.append(f"filstoerrelse {name}")
    return found
