"""Archive copy names and the Noark 5 package (pure Python)."""

from bti.portal.domain import archive as rules
from bti.portal.domain import noark5
from datetime import datetime
from datetime import UTC
from xml.etree import ElementTree as ET

import io
import unittest
import zipfile


MOMENT = datetime(2026, 12, 3, 19, 5, 7, tzinfo=UTC)


def copy(event: str, data: bytes, moment=MOMENT) -> rules.Copy:
    return rules.Copy(
        copy_id=rules.new_copy_id(event, moment),
        log_id="a1b2c3d4e5f6",
        event=event,
        time=moment,
        sha256=rules.checksum(data),
        size=len(data),
    )


class TestNames(unittest.TestCase):
    def test_copy_id_and_file_name_carry_event_and_date_only(self):
        copy_id = rules.new_copy_id(rules.CLOSED, MOMENT)
        self.assertEqual(copy_id, "closed-20261203-190507")
        self.assertEqual(
            rules.new_copy_id(rules.CLOSED, MOMENT, taken={copy_id}),
            "closed-20261203-190507-2",
        )
        self.assertEqual(
            rules.file_name("a1b2c3d4e5f6", copy_id),
            "a1b2c3d4e5f6-closed-20261203-190507.pdf",
        )
        with self.assertRaises(ValueError):
            rules.new_copy_id("birthday", MOMENT)

    def test_copy_ids_from_a_url_are_checked(self):
        self.assertTrue(rules.is_copy_id("handover-20261203-190507"))
        for bad in ("", "../x", "Closed", "a" * 90, None, "x/y"):
            self.assertFalse(rules.is_copy_id(bad), bad)

    def test_days_of_a_period(self):
        self.assertEqual(str(rules.parse_day("2026-06-20")), "2026-06-20")
        for bad in ("2026-6-20", "20.06.2026", "2026-02-30", ""):
            with self.assertRaises(ValueError):
                rules.parse_day(bad)


class TestNoark5Package(unittest.TestCase):
    def setUp(self):
        self.first = b"%PDF-1.7 first"
        self.second = b"%PDF-1.7 second"
        later = MOMENT.replace(hour=20)
        self.copies = [
            (copy(rules.HANDOVER, self.first), self.first),
            (copy(rules.CLOSED, self.second, later), self.second),
        ]
        self.zip = noark5.package("a1b2c3d4e5f6", self.copies, MOMENT, "bti")

    def test_structure_checksums_and_files(self):
        self.assertEqual(noark5.problems(self.zip), [])
        archive = zipfile.ZipFile(io.BytesIO(self.zip))
        root = ET.fromstring(archive.read(noark5.STRUCTURE))  # noqa: S314
        ns = {"n": noark5.NS}
        folder = root.find("n:arkivdel/n:mappe", ns)
        self.assertEqual(folder.findtext("n:mappeID", namespaces=ns), "a1b2c3d4e5f6")
        objects = folder.findall(
            "n:registrering/n:dokumentbeskrivelse/n:dokumentobjekt", ns
        )
        self.assertEqual(len(objects), 2)
        first = objects[0]
        self.assertEqual(first.findtext("n:sjekksumAlgoritme", namespaces=ns), "SHA256")
        self.assertIn("PDF/A", first.findtext("n:format", namespaces=ns))
        self.assertEqual(
            first.findtext("n:filstoerrelse", namespaces=ns), str(len(self.first))
        )
        self.assertIn(
            "dokumenter/a1b2c3d4e5f6-handover-20261203-190507.pdf", archive.namelist()
        )

    def test_a_changed_file_is_found(self):
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(self.zip)) as source,
            zipfile.ZipFile(buffer, "w") as target,
        ):
            for name in source.namelist():
                data = source.read(name)
                target.writestr(
                    name, b"%PDF-1.7 forged" if "handover" in name else data
                )
        found = noark5.problems(buffer.getvalue())
        self.assertIn(
            "checksum dokumenter/a1b2c3d4e5f6-handover-20261203-190507.pdf", found
        )

    def test_a_copy_that_does_not_match_its_sum_is_refused(self):
        broken = [(self.copies[0][0], b"something else")]
        with self.assertRaises(ValueError):
            noark5.package("a1b2c3d4e5f6", broken, MOMENT, "bti")
