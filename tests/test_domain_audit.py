"""The audit chain: hashes, verification, action names, path redaction."""

from bti.portal.domain import audit
from dataclasses import replace

import unittest


def chain(count: int) -> list[audit.AuditRecord]:
    records, previous = [], None
    for number in range(count):
        previous = audit.next_record(
            previous,
            user_id=f"user{number}",
            log_uid="a" * 32,
            action=audit.VIEW,
            path=f"/plone/logs/0123456789abcdef/item{number}",
            method="get",
            status=200,
            time=f"2025-03-03T10:00:0{number}.000000Z",
        )
        records.append(previous)
    return records


class TestChain(unittest.TestCase):
    def test_first_record_links_to_genesis(self):
        first = chain(1)[0]
        self.assertEqual(first.seq, 1)
        self.assertEqual(first.prev_hash, audit.GENESIS)
        self.assertEqual(first.hash, audit.chain_hash(audit.GENESIS, first))
        self.assertEqual(len(first.hash), 64)
        self.assertEqual(first.method, "GET")

    def test_records_link(self):
        records = chain(3)
        self.assertEqual([r.seq for r in records], [1, 2, 3])
        self.assertEqual(records[1].prev_hash, records[0].hash)
        self.assertEqual(records[2].prev_hash, records[1].hash)

    def test_canonical_form_is_stable_and_leaves_out_the_hash(self):
        record = chain(1)[0]
        self.assertEqual(
            audit.canonical(record), audit.canonical(replace(record, hash="x"))
        )
        self.assertTrue(audit.canonical(record).startswith(b'{"action":"view",'))

    def test_hash_depends_on_every_field_and_on_prev(self):
        record = chain(1)[0]
        for field, value in (
            ("seq", 2),
            ("time", "2025-03-03T10:00:00.000001Z"),
            ("user_id", "other"),
            ("log_uid", "b" * 32),
            ("action", audit.EDIT),
            ("path", "/x"),
            ("method", "POST"),
            ("status", 401),
            ("prev_hash", "1" * 64),
        ):
            changed = replace(record, **{field: value})
            self.assertNotEqual(
                audit.chain_hash(record.prev_hash, changed), record.hash, field
            )
        self.assertNotEqual(audit.chain_hash("1" * 64, record), record.hash)

    def test_time_is_utc_iso(self):
        self.assertRegex(audit.now_utc(), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")

    def test_anonymous(self):
        record = audit.next_record(
            None,
            user_id="",
            log_uid="u",
            action=audit.DENIED,
            path="/p",
            method="GET",
            status=401,
        )
        self.assertEqual(record.user_id, audit.ANONYMOUS)


class TestVerify(unittest.TestCase):
    def kinds(self, records) -> list[tuple[int, str]]:
        return [(p.seq, p.kind) for p in audit.verify(records)]

    def test_intact_chain(self):
        self.assertEqual(audit.verify(chain(5)), [])
        self.assertEqual(audit.verify([]), [])

    def test_changed_record(self):
        records = chain(4)
        records[2] = replace(records[2], user_id="someone-else")
        self.assertEqual(self.kinds(records), [(3, "changed")])

    def test_changed_record_with_recomputed_hash_breaks_the_next_link(self):
        records = chain(4)
        forged = replace(records[1], action=audit.DOWNLOAD)
        records[1] = replace(forged, hash=audit.chain_hash(forged.prev_hash, forged))
        self.assertEqual(self.kinds(records), [(3, "changed")])

    def test_removed_record(self):
        records = chain(5)
        del records[2]
        problems = audit.verify(records)
        self.assertEqual([(p.seq, p.kind) for p in problems], [(4, "removed")])
        self.assertIn("3 missing", str(problems[0]))

    def test_removed_first_record(self):
        self.assertEqual(self.kinds(chain(3)[1:]), [(2, "removed")])

    def test_reordered_records(self):
        records = chain(4)
        records[1], records[2] = records[2], records[1]
        self.assertIn((2, "reordered"), self.kinds(records))

    def test_renumbered_records(self):
        # Swapping two records' numbers keeps the order but not the hashes.
        records = chain(4)
        records[1], records[2] = replace(records[2], seq=2), replace(records[1], seq=3)
        kinds = self.kinds(records)
        self.assertIn((2, "changed"), kinds)
        self.assertIn((3, "changed"), kinds)

    def test_duplicated_record(self):
        records = chain(3)
        records.insert(2, records[1])
        self.assertEqual(self.kinds(records), [(2, "reordered")])


class TestActions(unittest.TestCase):
    def test_reads(self):
        self.assertEqual(
            audit.action_for("GET", [], rest=False, denied=False), audit.VIEW
        )
        self.assertEqual(
            audit.action_for(
                "GET", ["abcdef0123456789", "view"], rest=False, denied=False
            ),
            audit.VIEW,
        )
        for names in (
            ["f1", "@@download", "file"],
            ["f1", "@@images", "image", "preview"],
            ["f1", "@@display-file", "file"],
        ):
            self.assertEqual(
                audit.action_for("GET", names, rest=False, denied=False), audit.DOWNLOAD
            )
        self.assertEqual(
            audit.action_for("GET", ["@@history"], rest=False, denied=False),
            audit.HISTORY,
        )
        self.assertEqual(
            audit.action_for("GET", ["@@log-audit"], rest=False, denied=False),
            audit.AUDIT,
        )

    def test_writes(self):
        self.assertEqual(
            audit.action_for("POST", ["@@edit"], rest=False, denied=False), audit.EDIT
        )
        self.assertEqual(
            audit.action_for("POST", ["++add++Goal"], rest=False, denied=False),
            audit.EDIT,
        )
        self.assertEqual(
            audit.action_for("POST", ["x"], rest=False, denied=False), audit.EDIT
        )
        self.assertEqual(
            audit.action_for("POST", ["@@sharing"], rest=False, denied=False),
            audit.SHARING,
        )

    def test_a_form_opened_or_cancelled_is_no_change(self):
        for names in (["@@edit"], ["edit"], ["++add++Goal"], ["goal-id", "@@edit"]):
            self.assertEqual(
                audit.action_for("GET", names, rest=False, denied=False), audit.FORM
            )
        self.assertEqual(
            audit.action_for(
                "POST", ["++add++LogMessage"], rest=False, denied=False, cancelled=True
            ),
            audit.FORM_CLOSED,
        )
        self.assertEqual(
            audit.action_for("POST", ["x"], rest=True, denied=False, cancelled=True),
            "rest_post",
        )

    def test_rest(self):
        for method in ("GET", "POST", "PATCH", "DELETE"):
            self.assertEqual(
                audit.action_for(method, ["@audit"], rest=True, denied=False),
                f"rest_{method.lower()}",
            )

    def test_denied_wins(self):
        self.assertEqual(
            audit.action_for("GET", ["@@download"], rest=True, denied=True),
            audit.DENIED,
        )


class TestRedaction(unittest.TestCase):
    def test_query_string_is_dropped(self):
        self.assertEqual(audit.redact_path("/p/log?name=Kari"), "/p/log")

    def test_national_id_is_masked(self):
        self.assertEqual(audit.redact_path("/p/01017012345/x"), "/p/***********/x")
        self.assertEqual(audit.redact_path("/p/010170 12345"), "/p/***********")
        self.assertEqual(audit.redact_path("/p/010170%2012345/"), "/p/***********/")

    def test_random_ids_stay(self):
        path = "/plone/logs/0123456789abcdef/fedcba9876543210/@@download/file"
        self.assertEqual(audit.redact_path(path), path)
        self.assertEqual(audit.redact_path("/p/123456789012"), "/p/123456789012")
        self.assertEqual(
            audit.redact_path("/p/a01234567890bcde"), "/p/a01234567890bcde"
        )
        self.assertEqual(
            audit.redact_path("/p/0123456789012345"), "/p/0123456789012345"
        )
