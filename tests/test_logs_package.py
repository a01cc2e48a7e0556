"""Export a demo log from BTI i BYN and import it into BTI i Inderøy: goals,
activities, evaluations, messages, meetings, consents with their signature
records, attachments, creators, dates, workflow history and state survive; the
family's keyed hashes and the local roles stay behind; the file is sealed with
a passphrase and refused when the passphrase is wrong or the file was changed."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.family import members as family
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.transfer import actions as transfer_actions
from bti.portal.relaylog.transfer import package
from bti.portal.relaylog.transfer import rules as transfer
from bti.portal.relaylog.transfer import seal as package_seal
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.protect.authenticator import createToken
from tests.logs_fixture import valid_nid
from zExceptions import Forbidden
from zipfile import ZipFile
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import site as site_hook

import json
import PIL.Image
import unittest


PASSPHRASE = "blå fjell under stille vann"
PDF = b"%PDF-1.4\n% a made-up plan\n" + bytes(range(256)) * 8


def png() -> bytes:
    out = BytesIO()
    PIL.Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def walk(obj):
    """Every item below ``obj`` (depth first)."""
    for child in obj.objectValues():
        yield child
        yield from walk(child)


def by_type(log, portal_type):
    return [item for item in walk(log) if item.portal_type == portal_type]


def key_of(item) -> tuple:
    """What an item is, without its id or UID (they change on import)."""
    fields = {
        "Goal": ("area", "title", "criteria"),
        "Activity": ("title", "deadline", "status"),
        "Evaluation": ("worked", "did_not_work", "why"),
        "LogMessage": ("kind", "text"),
        "Meeting": ("start", "end", "place", "agenda"),
        "Consent": (
            "kind",
            "services",
            "signed",
            "valid_until",
            "withdrawn",
            "youth_signed",
        ),
        "Attachment": ("title",),
    }[item.portal_type]
    return (item.portal_type, *(repr(getattr(item, name, None)) for name in fields))


def record_of(item) -> tuple:
    return (key_of(item), tuple(item.creators), item.created().ISO8601())


class PackageCase(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    @contextmanager
    def on(self, site_id, user=None):
        with site_hook(self.layer["app"][site_id]):
            if user:
                with api.env.adopt_user(username=user):
                    yield self.layer["app"][site_id]
            else:
                yield self.layer["app"][site_id]

    def demo_log(self, initials):
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(
            portal_type="RelayLog", Title=initials
        )
        return brain._unrestrictedGetObject()

    def unit(self, service):
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(portal_type="Unit"):
            unit = brain._unrestrictedGetObject()
            if unit.service == service:
                return unit
        raise AssertionError(service)

    def setUp(self):
        with self.on("byn"):
            # Mia (M.E.): level 2, kindergarten; consent for cooperation with the
            # health station; guardians "forelder" and "forelder2" (demo users).
            self.log = self.demo_log("M.E.")
            with api.env.adopt_user(username="ansatt"):
                self.attachment = create(
                    self.log,
                    "Attachment",
                    title="Plan fra PPT",
                    file=NamedBlobFile(
                        data=PDF, filename="plan.pdf", contentType="application/pdf"
                    ),
                    image=NamedBlobImage(data=png(), filename="tegning.png"),
                )
            for consent in facts.consent_items(self.log):
                IAnnotations(consent)[signing.SIGNATURES] = PersistentList(
                    PersistentMapping(
                        user_id=guardian,
                        role=p.GUARDIAN,
                        at="2026-01-05T10:00:00+00:00",
                        acr="idporten-loa-high",
                        text_version=f"{consent.kind}-2026-11",
                        pid_hash="secret-keyed-hash-" + guardian,
                    )
                    for guardian in consent.signed_by
                )
            family.add_member(
                self.log,
                valid_nid("020485", "100"),
                p.GUARDIAN,
                "ansatt",
                name="Frida Forelder",
            )
            self.child_nid = self.log.national_id
            self.child_name = self.log.full_name
            self.exported = {record_of(item) for item in walk(self.log)}
            self.history = [
                (e["action"], e["actor"], e["review_state"], e["time"].ISO8601())
                for e in self.log.workflow_history["bti_relaylog_workflow"]
            ]

    def export(self, service="health_station", user="ansatt", log=None):
        with self.on("byn", user):
            return package.export_log(
                log or self.log, service, PASSPHRASE, by_user=user
            )

    def import_(
        self,
        data,
        passphrase=PASSPHRASE,
        service="health_station",
        user="koordinator",
        holder="",
    ):
        with self.on("inderoy", user):
            folder = api.portal.get()["logs"]
            return package.import_log(
                folder, data, passphrase, self.unit(service), user, holder=holder
            )

    def refused(self, call, *args, **kwargs) -> str:
        with self.assertRaises(package_seal.PackageError) as caught:
            call(*args, **kwargs)
        return caught.exception.code

    def contents(self, data) -> tuple[dict, dict, ZipFile]:
        archive = ZipFile(BytesIO(package_seal.unseal(data, PASSPHRASE)))
        manifest = json.loads(archive.read("manifest.json"))
        return manifest, json.loads(archive.read("log.json")), archive


class TestRoundTrip(PackageCase):
    def test_everything_arrives_on_the_other_site(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            items = list(walk(imported))
            # Same items with the same fields, creators and creation dates.
            self.assertEqual({record_of(item) for item in items}, self.exported)
            counts = {t: len(by_type(imported, t)) for t in package.ITEM_TYPES}
            self.assertEqual(
                counts,
                {
                    "Goal": 2,
                    "Activity": 3,
                    "Evaluation": 2,
                    "LogMessage": 4,
                    "Meeting": 2,
                    "Consent": 2,
                    "Attachment": 1,
                },
            )
            # The child and the family as named on the log.
            self.assertEqual(imported.title, "M.E.")
            self.assertEqual(imported.full_name, self.child_name)
            self.assertEqual(imported.national_id, self.child_nid)
            guardians = list(imported.guardians)
            with self.on("byn"):
                names = [package.fullname(g) for g in self.log.guardians]
            self.assertEqual(guardians, names)
            # Fresh random ids everywhere, and the log in Inderøy's unit.
            with self.on("byn"):
                old_ids = {item.getId() for item in walk(self.log)} | {self.log.getId()}
            self.assertFalse(
                old_ids & ({i.getId() for i in items} | {imported.getId()})
            )
            self.assertEqual(imported.unit, self.unit("health_station").UID())

    def test_state_and_workflow_history(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            self.assertEqual(api.content.get_state(imported), "level2")
            entries = imported.workflow_history["bti_relaylog_workflow"]
            kept = [
                (e["action"], e["actor"], e["review_state"], e["time"].ISO8601())
                for e in entries[: len(self.history)]
            ]
            self.assertEqual(kept, self.history)
            exported, imported_entry = entries[len(self.history) :]
            self.assertEqual(
                (exported["action"], exported["actor"], exported["review_state"]),
                (transfer.EXPORTED, "ansatt", "level2"),
            )
            self.assertEqual(
                (
                    imported_entry["action"],
                    imported_entry["actor"],
                    imported_entry["review_state"],
                ),
                (transfer.IMPORTED, "koordinator", "level2"),
            )
            self.assertEqual(imported_entry["comments"], "BTI i BYN")
            # The state's permissions apply: the importer holds and reads it.
            self.assertEqual(roles.holders(imported), ["koordinator"])
            with api.env.adopt_user(username="koordinator"):
                self.assertTrue(api.user.has_permission("View", obj=imported))
                self.assertTrue(
                    api.user.has_permission(p.ADD_LOG_CONTENT, obj=imported)
                )
            catalog = api.portal.get_tool("portal_catalog")
            (brain,) = catalog.unrestrictedSearchResults(UID=imported.UID())
            self.assertEqual(brain.review_state, "level2")
        with self.on("byn"):  # the export is in the history of the log that was sent
            self.assertEqual(
                self.log.workflow_history["bti_relaylog_workflow"][-1]["action"],
                transfer.EXPORTED,
            )

    def test_consents_with_their_signature_records_stay_valid(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            consents = facts.consent_items(imported)
            self.assertEqual(len(facts.recorded_consents(imported)), 2)
            self.assertTrue(transfer.consent_covers(imported, "health_station"))
            for consent in consents:
                records = signing.signatures(consent)
                self.assertEqual(len(records), 2)
                self.assertEqual(
                    [r["user_id"] for r in records], list(consent.signed_by)
                )
                for record in records:
                    self.assertNotIn("pid_hash", record)
                    self.assertEqual(record["acr"], "idporten-loa-high")
                    self.assertEqual(record["text_version"], f"{consent.kind}-2026-11")
                self.assertTrue(set(consent.signed_by) <= set(imported.guardians))

    def test_attachments_keep_their_bytes(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            (attachment,) = by_type(imported, "Attachment")
            self.assertEqual(attachment.file.data, PDF)
            # As exported, or renamed after the new item's id like any upload in a log.
            with self.on("byn"):
                sent = self.attachment.file.filename
            self.assertIn(attachment.file.filename, (sent, f"{attachment.getId()}.pdf"))
            self.assertEqual(attachment.file.contentType, "application/pdf")
            self.assertEqual(attachment.image.data, png())
            self.assertEqual(attachment.image.getImageSize(), (4, 3))

    def test_minutes_point_to_the_imported_meeting(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            meetings = {m.UID() for m in by_type(imported, "Meeting")}
            linked = [
                m.meeting_uid for m in by_type(imported, "LogMessage") if m.meeting_uid
            ]
            self.assertTrue(linked)
            self.assertTrue(set(linked) <= meetings)

    def test_versions_history_metadata_travels(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data)
            goal = by_type(imported, "Goal")[0]
            earlier = IAnnotations(goal)[package.VERSIONS_KEY]
            self.assertEqual(earlier[0]["site"], "BTI i BYN")
            self.assertTrue(earlier[0]["principal"])
            self.assertTrue(earlier[0]["time"])

    def test_what_stays_behind(self):
        data = self.export()
        manifest, content, _archive = self.contents(data)
        text = json.dumps(content)
        # No keyed hashes and no family numbers; local roles only as information.
        self.assertNotIn("pid_hash", text)
        self.assertNotIn("secret-keyed-hash", text)
        self.assertNotIn(valid_nid("020485", "100"), text)
        self.assertNotIn(handover.KEY, text)
        with self.on("byn"):
            nurse = package.fullname("helsesykepleier")
        self.assertIn({"name": nurse, "roles": [p.PARTICIPANT]}, content["roles"])
        self.assertEqual(content["family"][0]["role"], p.GUARDIAN)
        self.assertEqual(content["family"][0]["name"], "Frida Forelder")
        self.assertEqual(manifest["receiving_service"], "health_station")
        self.assertEqual(manifest["consent"]["kind"], "cooperation")
        self.assertEqual(manifest["product"], "bti.portal")
        self.assertTrue(manifest["product_version"])
        with self.on("inderoy"):
            imported = self.import_(data)
            self.assertEqual(family.entries(imported), [])
            self.assertEqual(
                set(roles.people_on_log(imported)), {"koordinator"}
            )  # nobody from BYN
            (origin,) = package.origins(imported)
            self.assertEqual(origin["site"], "BTI i BYN")
            self.assertEqual(origin["family"][0]["name"], "Frida Forelder")
            # Open activities are the new holder's until they assign them.
            for activity in by_type(imported, "Activity"):
                if activity.status in ("planned", "started"):
                    self.assertEqual(activity.responsible, "koordinator")
            self.assertTrue(origin["reassigned"])

    def test_offer_to_a_colleague_on_import(self):
        data = self.export()
        with self.on("inderoy"):
            imported = self.import_(data, holder="helsesykepleier")
            self.assertEqual(handover.current_offer(imported)["to"], "helsesykepleier")
            handover.accept(imported, "helsesykepleier")
            self.assertEqual(roles.holders(imported), ["helsesykepleier"])
            self.assertEqual(imported.get_local_roles_for_userid("koordinator"), ())


class TestExportRules(PackageCase):
    def test_the_file_name_is_the_random_id(self):
        with self.on("byn"):
            name = package.file_name(self.log)
            self.assertEqual(name, f"{self.log.getId()}.btilog")
            self.assertNotIn(self.child_nid, name)
            for part in self.child_name.split():
                self.assertNotIn(part.lower(), name.lower())

    def test_the_file_is_sealed(self):
        data = self.export()
        self.assertTrue(data.startswith(package_seal.MAGIC))
        for secret in (self.child_nid, self.child_name, "M.E."):
            self.assertNotIn(secret.encode("utf-8"), data)

    def test_only_the_holder_exports(self):
        # A participant and the unit leader (who may hand over) are refused.
        for user in ("helsesykepleier", "leder", "koordinator"):
            with self.subTest(user):
                code = self.refused(self.export, user=user)
                self.assertEqual(code, "export_not_holder")
        with self.on("byn", "leder"), self.assertRaises(Forbidden):
            transfer_actions.export(self.log, "health_station", PASSPHRASE, PASSPHRASE)

    def test_only_to_a_service_the_consent_covers(self):
        self.assertEqual(
            self.refused(self.export, service="ppt"), "transfer_consent_missing"
        )
        self.assertEqual(
            self.refused(self.export, service="nowhere"), "export_service_unknown"
        )

    def test_not_from_a_passive_log(self):
        with self.on("byn"):
            ella = self.demo_log("E.O.")  # consent withdrawn
        code = self.refused(
            self.export, service="health_station", user="deltaker", log=ella
        )
        self.assertEqual(code, "transfer_log_not_active")

    def test_passphrase_rules(self):
        with self.on("byn", "ansatt"):
            code = self.refused(
                package.export_log,
                self.log,
                "health_station",
                "short",
                by_user="ansatt",
            )
            self.assertEqual(code, "export_passphrase_short")
            with self.assertRaises(Exception) as caught:
                transfer_actions.export(
                    self.log, "health_station", PASSPHRASE, PASSPHRASE + "x"
                )
            self.assertEqual(
                str(caught.exception),
                transfer_actions.error_text("export_passphrase_mismatch"),
            )


class TestImportRules(PackageCase):
    def test_wrong_passphrase_is_a_clear_error(self):
        data = self.export()
        code = self.refused(self.import_, data, passphrase="not the passphrase at all")
        self.assertEqual(code, "import_wrong_passphrase")
        with self.on("inderoy"):
            self.assertNotEqual(transfer_actions.error_text(code), code)

    def test_a_changed_file_is_refused(self):
        data = bytearray(self.export())
        data[len(data) // 2] ^= 0x01
        self.assertEqual(self.refused(self.import_, bytes(data)), "import_damaged")
        self.assertEqual(
            self.refused(self.import_, b"PK\x03\x04 a zip"), "import_not_a_package"
        )
        self.assertEqual(self.refused(self.import_, b""), "import_file_missing")

    def test_a_newer_format_is_refused(self):
        data = self.export()
        header, token = data[len(package_seal.MAGIC) :].split(b"\n", 1)
        newer = json.loads(header)
        newer["format"] = package_seal.FORMAT + 1
        changed = package_seal.MAGIC + json.dumps(newer).encode() + b"\n" + token
        self.assertEqual(
            self.refused(self.import_, changed), "import_version_unsupported"
        )

    def test_a_made_up_package_is_refused(self):
        """Sealed with the right passphrase, but not written by a BTI site."""
        buffer = BytesIO()
        with ZipFile(buffer, "w") as archive:
            archive.writestr(
                "manifest.json", json.dumps({"product": "other", "format": 1})
            )
        data = package_seal.seal(buffer.getvalue(), PASSPHRASE)
        self.assertEqual(self.refused(self.import_, data), "import_not_a_package")

    def test_the_unit_must_be_of_the_consented_service(self):
        data = self.export()
        with self.on("inderoy"):
            before = len(api.portal.get()["logs"].objectIds())
        code = self.refused(self.import_, data, service="school")
        self.assertEqual(code, "import_service_mismatch")
        with self.on("inderoy"):
            self.assertEqual(len(api.portal.get()["logs"].objectIds()), before)

    def test_an_offer_only_to_someone_on_the_unit(self):
        data = self.export()
        code = self.refused(self.import_, data, holder="deltaker")
        self.assertEqual(code, "transfer_holder_not_on_unit")

    def test_only_coordinators_and_managers_import(self):
        data = self.export()
        for user in ("ansatt", "leder", "sideadmin"):
            with (
                self.subTest(user),
                self.on("inderoy", user),
                self.assertRaises(Forbidden),
            ):
                transfer_actions.import_package(
                    api.portal.get()["logs"],
                    data,
                    PASSPHRASE,
                    self.unit("health_station").UID(),
                )
        with self.on("inderoy", "koordinator"):
            self.assertTrue(transfer_actions.may_import(api.portal.get()["logs"]))


class TestYoungPerson(PackageCase):
    def test_the_young_person_is_linked_again(self):
        """Una (U.U.) consented herself; her number is the child's, so the
        receiving site links her again at once (with its own keyed hash)."""
        with self.on("byn"):
            una = self.demo_log("U.U.")
            with api.env.adopt_user(username="helsesykepleier"):
                create(
                    una,
                    "Consent",
                    kind="cooperation",
                    services=["school"],
                    signed=date.today(),
                    youth_signed=True,
                )
            family.add_member(una, None, p.YOUTH, "helsesykepleier")
            byn_hash = family.entries(una)[0]["pid_hash"]
        data = self.export(service="school", user="helsesykepleier", log=una)
        with self.on("inderoy"):
            imported = self.import_(data, service="school")
            (entry,) = family.entries(imported)
            self.assertEqual(entry["role"], p.YOUTH)
            self.assertNotEqual(entry["pid_hash"], byn_hash)  # each site has its key


class TestPages(PackageCase):
    def post(self, context, name, user, **form):
        request = self.layer["request"]
        request.form.clear()
        request.form.update(form)
        request.method = "POST"
        request["REQUEST_METHOD"] = "POST"
        request.form["_authenticator"] = createToken()
        return context.restrictedTraverse(f"@@{name}")()

    def test_export_page_warns_then_downloads(self):
        with self.on("byn", "ansatt"):
            html = self.log.restrictedTraverse("@@export-log")()
            self.assertIn("bti-export-warning", html)
            self.assertIn('value="health_station"', html)
            self.assertNotIn('value="ppt"', html)  # not covered by the consent
            self.assertNotIn(self.child_nid, html)
            data = self.post(
                self.log,
                "export-log",
                "ansatt",
                service="health_station",
                passphrase=PASSPHRASE,
                passphrase_again=PASSPHRASE,
                **{"form.buttons.export": "1"},
            )
            response = self.layer["request"].response
            self.assertEqual(
                response.getHeader("Content-Type"), "application/octet-stream"
            )
            self.assertIn(
                f'filename="{self.log.getId()}.btilog"',
                response.getHeader("Content-Disposition"),
            )
        self.assertTrue(data.startswith(package_seal.MAGIC))

    def test_export_page_refuses_a_mismatched_passphrase(self):
        with self.on("byn", "ansatt"):
            html = self.post(
                self.log,
                "export-log",
                "ansatt",
                service="health_station",
                passphrase=PASSPHRASE,
                passphrase_again="something else entirely",
                **{"form.buttons.export": "1"},
            )
            self.assertIn(
                transfer_actions.error_text("export_passphrase_mismatch"), html
            )

    def test_import_page_then_next_steps(self):
        data = self.export()
        with self.on("inderoy", "koordinator") as site:
            folder = site["logs"]
            html = folder.restrictedTraverse("@@import-log")()
            self.assertIn('enctype="multipart/form-data"', html)
            self.post(
                folder,
                "import-log",
                "koordinator",
                file=BytesIO(data),
                passphrase=PASSPHRASE,
                unit=self.unit("health_station").UID(),
                **{"form.buttons.import": "1"},
            )
            location = self.layer["request"].response.getHeader("Location")
            self.assertTrue(location.endswith("/@@log-origin"), location)
            log_id = location.split("/")[-2]
            html = folder[log_id].restrictedTraverse("@@log-origin")()
            self.assertIn("BTI i BYN", html)
            self.assertIn("Frida Forelder", html)  # to add again by national id
            self.assertIn("bti-next-steps", html)
            # The overview offers the import to the coordinator only.
            self.assertIn(
                "@@import-log", folder.restrictedTraverse("@@logs-overview")()
            )
        with self.on("inderoy", "ansatt") as site:
            self.assertNotIn(
                "@@import-log", site["logs"].restrictedTraverse("@@logs-overview")()
            )

    def test_wrong_passphrase_on_the_import_page(self):
        data = self.export()
        with self.on("inderoy", "koordinator") as site:
            html = self.post(
                site["logs"],
                "import-log",
                "koordinator",
                file=BytesIO(data),
                passphrase="this is not it at all",
                unit=self.unit("health_station").UID(),
                **{"form.buttons.import": "1"},
            )
            self.assertIn(transfer_actions.error_text("import_wrong_passphrase"), html)
