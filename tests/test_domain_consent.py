"""Consent: validity on a date, renewal, withdrawal, who may sign."""

from bti.portal.domain import consent as c
from datetime import date

import unittest


SIGNED = date(2024, 9, 2)
PPT = "ppt"
SCHOOL = "school"


def cooperation(signed=SIGNED, services=(PPT,), **kw) -> c.Consent:
    return c.Consent(
        c.COOPERATION,
        signed=signed,
        signed_by=("mor",),
        services=frozenset(services),
        **kw,
    )


class TestValidity(unittest.TestCase):
    def test_cooperation_expires_after_two_years(self):
        consent = cooperation()
        self.assertEqual(c.expiry(consent), date(2026, 9, 2))
        self.assertTrue(c.is_valid(consent, date(2026, 9, 2)))
        self.assertFalse(c.is_valid(consent, date(2026, 9, 3)))
        self.assertTrue(c.is_expired(consent, date(2026, 9, 3)))
        self.assertEqual(c.status(consent, date(2026, 9, 3)), c.EXPIRED)

    def test_cooperation_signed_on_leap_day(self):
        self.assertEqual(c.expiry(cooperation(date(2024, 2, 29))), date(2026, 2, 28))

    def test_create_consent_runs_until_withdrawn_or_its_end_date(self):
        open_ended = c.Consent(c.CREATE, signed=SIGNED, signed_by=("mor",))
        self.assertIsNone(c.expiry(open_ended))
        self.assertTrue(c.is_valid(open_ended, date(2040, 1, 1)))
        ending = c.Consent(c.CREATE, signed=SIGNED, valid_until=date(2025, 6, 20))
        self.assertTrue(c.is_valid(ending, date(2025, 6, 20)))
        self.assertEqual(c.status(ending, date(2025, 6, 21)), c.EXPIRED)

    def test_explicit_shorter_cooperation_end(self):
        consent = cooperation(valid_until=date(2025, 6, 20))
        self.assertEqual(c.expiry(consent), date(2025, 6, 20))
        self.assertFalse(c.is_valid(consent, date(2025, 6, 21)))

    def test_not_signed_and_not_yet_valid(self):
        draft = c.Consent(c.CREATE)
        self.assertEqual(c.status(draft, SIGNED), c.UNSIGNED)
        self.assertFalse(c.is_valid(draft, SIGNED))
        self.assertEqual(c.status(cooperation(), date(2024, 9, 1)), c.NOT_YET_VALID)
        self.assertTrue(c.is_valid(cooperation(), SIGNED))

    def test_withdrawn(self):
        consent = cooperation(withdrawn=date(2025, 1, 10))
        self.assertTrue(c.is_valid(consent, date(2025, 1, 9)))
        self.assertFalse(c.is_valid(consent, date(2025, 1, 10)))
        self.assertEqual(c.status(consent, date(2025, 1, 10)), c.WITHDRAWN)
        self.assertFalse(c.covers_service([consent], PPT, date(2025, 2, 1)))
        self.assertEqual(c.flags(consent, date(2025, 2, 1)), [])

    def test_other_consents_end_when_the_family_withdraws_the_log(self):
        create = c.Consent(
            c.CREATE, signed=SIGNED, signed_by=("mor",), withdrawn=date(2025, 1, 10)
        )
        other = cooperation()
        both = [create, other]
        self.assertEqual(c.status_in_log(other, both, date(2025, 1, 9)), c.VALID)
        self.assertEqual(c.status_in_log(other, both, date(2025, 1, 10)), c.NOT_IN_USE)
        self.assertEqual(c.status_in_log(create, both, date(2025, 1, 10)), c.WITHDRAWN)
        # A new consent to create the log (reopened): the others are in use again.
        renewed = c.Consent(c.CREATE, signed=date(2025, 3, 1), signed_by=("mor",))
        self.assertEqual(
            c.status_in_log(other, [*both, renewed], date(2025, 3, 1)), c.VALID
        )

    def test_expiry_flags(self):
        consent = cooperation()
        self.assertEqual(c.flags(consent, date(2026, 8, 2)), [])
        self.assertEqual(c.flags(consent, date(2026, 8, 3)), ["consent_expiring"])
        self.assertEqual(c.flags(consent, date(2026, 9, 2)), ["consent_expiring"])
        self.assertEqual(c.flags(consent, date(2026, 9, 3)), ["consent_expired"])
        self.assertTrue(c.expires_within(consent, date(2026, 6, 1), days=100))
        self.assertFalse(c.expires_within(consent, date(2026, 6, 1), days=90))
        self.assertFalse(c.expires_within(c.Consent(c.CREATE, signed=SIGNED), SIGNED))

    def test_every_code_has_a_message(self):
        for code in (
            c.UNSIGNED,
            c.NOT_YET_VALID,
            c.VALID,
            c.EXPIRED,
            c.WITHDRAWN,
            c.NOT_IN_USE,
        ):
            self.assertIn(code, c.MESSAGES)


class TestRenewalAndCoverage(unittest.TestCase):
    def test_renewal_every_second_year(self):
        first = cooperation()
        renewed = cooperation(signed=date(2026, 8, 20))
        after = date(2027, 3, 1)
        self.assertFalse(c.covers_service([first], PPT, after))
        self.assertTrue(c.covers_service([first, renewed], PPT, after))
        self.assertEqual(c.expiry(renewed), date(2028, 8, 20))
        self.assertFalse(c.covers_service([first, renewed], PPT, date(2028, 8, 21)))

    def test_covers_only_named_services_and_only_cooperation(self):
        day = date(2025, 1, 1)
        consents = [
            cooperation(services=(PPT,)),
            c.Consent(c.CREATE, signed=SIGNED, signed_by=("mor",)),
            c.Consent(c.ACCESS, signed=SIGNED, services=frozenset({SCHOOL})),
        ]
        self.assertTrue(c.covers_service(consents, PPT, day))
        self.assertFalse(c.covers_service(consents, SCHOOL, day))
        self.assertTrue(c.covers_service(consents, SCHOOL, day, kind=c.ACCESS))
        self.assertEqual(
            c.uncovered_services(consents, {SCHOOL, PPT, "barnevern"}, day),
            ("barnevern", SCHOOL),
        )
        self.assertTrue(c.has_valid(consents, c.CREATE, day))
        self.assertFalse(c.has_valid(consents, c.CREATE, date(2024, 1, 1)))


class TestProblems(unittest.TestCase):
    GUARDIANS = ("mor", "far")

    def test_both_guardians_signed(self):
        consent = c.Consent(c.CREATE, signed=SIGNED, signed_by=("mor", "far"))
        self.assertEqual(c.problems(consent, self.GUARDIANS, 9, 16), [])

    def test_two_guardians_one_signature_needs_reason_and_effort(self):
        consent = c.Consent(c.CREATE, signed=SIGNED, signed_by=("mor",))
        self.assertEqual(
            c.problems(consent, self.GUARDIANS, 9, 16),
            ["single_signature_reason_missing", "other_guardian_effort_missing"],
        )
        blank = c.Consent(
            c.CREATE,
            signed=SIGNED,
            signed_by=("mor",),
            single_signature_reason="  ",
            other_guardian_effort="Letter sent 2 September, reminder by phone.",
        )
        self.assertEqual(
            c.problems(blank, self.GUARDIANS, 9, 16),
            ["single_signature_reason_missing"],
        )
        recorded = c.Consent(
            c.CREATE,
            signed=SIGNED,
            signed_by=("mor",),
            single_signature_reason="Father abroad for work until December.",
            other_guardian_effort="Letter sent 2 September, reminder by phone.",
        )
        self.assertEqual(c.problems(recorded, self.GUARDIANS, 9, 16), [])

    def test_one_guardian_with_responsibility_signing_alone(self):
        consent = c.Consent(c.CREATE, signed=SIGNED, signed_by=("mor",))
        self.assertEqual(c.problems(consent, ("mor",), 9, 16), [])

    def test_signer_without_parental_responsibility(self):
        consent = c.Consent(c.CREATE, signed=SIGNED, signed_by=("stefar",))
        self.assertEqual(
            c.problems(consent, ("mor",), 9, 16),
            ["signer_not_guardian", "signature_missing"],
        )

    def test_consent_age_comes_from_the_parameter(self):
        youth = c.Consent(c.CREATE, signed=SIGNED, youth_signed=True)
        # 15 years old: enough where the site's consent age is 15 (Sogndal) ...
        self.assertEqual(c.problems(youth, self.GUARDIANS, 15, 15), [])
        self.assertTrue(c.youth_may_consent(15, 15))
        # ... not where it is 16: the guardians must sign.
        self.assertEqual(
            c.problems(youth, self.GUARDIANS, 15, 16), ["youth_under_consent_age"]
        )
        self.assertFalse(c.youth_may_consent(15, 16))
        self.assertEqual(c.problems(youth, self.GUARDIANS, 16, 16), [])
        self.assertEqual(
            c.problems(youth, self.GUARDIANS, 14, 15), ["youth_under_consent_age"]
        )

    def test_youth_at_consent_age_needs_no_guardian(self):
        youth = c.Consent(
            c.CREATE, signed=SIGNED, youth_signed=True, signed_by=("mor",)
        )
        # One of two guardians signed along: no reason needed, the youth consented.
        self.assertEqual(c.problems(youth, self.GUARDIANS, 16, 16), [])

    def test_younger_child_signing_along_with_guardians(self):
        both = c.Consent(
            c.CREATE, signed=SIGNED, youth_signed=True, signed_by=("mor", "far")
        )
        self.assertEqual(c.problems(both, self.GUARDIANS, 13, 16), [])

    def test_dates_and_services(self):
        self.assertEqual(
            c.problems(c.Consent(c.CREATE, signed_by=("mor",)), ("mor",), 9, 16),
            ["not_signed"],
        )
        no_services = c.Consent(c.COOPERATION, signed=SIGNED, signed_by=("mor",))
        self.assertEqual(c.problems(no_services, ("mor",), 9, 16), ["services_missing"])
        too_long = cooperation(valid_until=date(2027, 9, 2))
        self.assertEqual(c.problems(too_long, ("mor",), 9, 16), ["validity_too_long"])
        just_right = cooperation(valid_until=date(2026, 9, 2))
        self.assertEqual(c.problems(just_right, ("mor",), 9, 16), [])
        backwards = cooperation(
            valid_until=date(2024, 1, 1), withdrawn=date(2024, 1, 1)
        )
        self.assertEqual(
            c.problems(backwards, ("mor",), 9, 16),
            ["valid_until_before_signed", "withdrawn_before_signed"],
        )
        unknown = c.Consent("forever", signed=SIGNED, signed_by=("mor",))
        self.assertEqual(c.problems(unknown, ("mor",), 9, 16), ["kind_unknown"])

    def test_every_problem_code_has_a_message(self):
        consent = c.Consent("x", youth_signed=True, signed_by=("stefar",))
        for code in c.problems(consent, ("mor", "far"), 3, 16):
            self.assertIn(code, c.MESSAGES)


if __name__ == "__main__":
    unittest.main()
