"""RelayLog states, transitions and guards."""

from bti.portal.domain import consent as c
from bti.portal.domain import levels as lv
from datetime import date

import unittest


DAY = date(2025, 10, 1)
SCHOOL, PPT, CWS = "school", "ppt", "barnevern"
CREATE = c.Consent(c.CREATE, signed=date(2025, 9, 1), signed_by=("mor",))
WITHDRAWN = c.Consent(
    c.CREATE, signed=date(2025, 9, 1), signed_by=("mor",), withdrawn=date(2025, 9, 20)
)


def coop(*services, signed=date(2025, 9, 1)) -> c.Consent:
    return c.Consent(
        c.COOPERATION, signed=signed, signed_by=("mor",), services=frozenset(services)
    )


def facts(state, *consents, services=()) -> lv.LogFacts:
    return lv.LogFacts(
        state=state,
        consents=consents,
        holder_service=SCHOOL,
        participant_services=frozenset({SCHOOL, *services}),
    )


class TestContract(unittest.TestCase):
    def test_state_ids(self):
        self.assertEqual(
            lv.STATES,
            (
                "draft",
                "level1",
                "level2",
                "level3",
                "individual_plan",
                "passive",
                "closed",
            ),
        )
        self.assertEqual(lv.INITIAL_STATE, "draft")

    def test_transitions_lead_between_known_states(self):
        for t in lv.TRANSITIONS.values():
            self.assertIn(t.target, lv.STATES)
            self.assertTrue(set(t.sources) <= set(lv.STATES))
            self.assertNotIn(t.target, t.sources)
        self.assertEqual(lv.TRANSITIONS["start"].target, lv.LEVEL1)
        self.assertEqual(lv.TRANSITIONS["withdraw_consent"].target, lv.PASSIVE)
        self.assertEqual(lv.TRANSITIONS["reopen"].sources, (lv.CLOSED,))
        self.assertEqual(lv.TRANSITIONS["reopen"].target, lv.LEVEL1)

    def test_unknown_transition_and_messages(self):
        self.assertEqual(lv.guard("jump", facts(lv.DRAFT), DAY), ["transition_unknown"])
        for code in ("consent_missing", "service_not_covered", *lv.CLOSE_REASONS):
            self.assertIn(code, lv.MESSAGES)


class TestStart(unittest.TestCase):
    def test_needs_valid_create_consent(self):
        self.assertEqual(lv.guard("start", facts(lv.DRAFT), DAY), ["consent_missing"])
        self.assertEqual(lv.guard("start", facts(lv.DRAFT, CREATE), DAY), [])

    def test_cooperation_consent_is_not_enough(self):
        self.assertEqual(
            lv.guard("start", facts(lv.DRAFT, coop(PPT)), DAY), ["consent_missing"]
        )

    def test_withdrawn_or_future_consent_is_not_enough(self):
        self.assertEqual(
            lv.guard("start", facts(lv.DRAFT, WITHDRAWN), DAY), ["consent_missing"]
        )
        self.assertEqual(
            lv.guard("start", facts(lv.DRAFT, CREATE), date(2025, 8, 31)),
            ["consent_missing"],
        )

    def test_only_from_draft(self):
        self.assertEqual(
            lv.guard("start", facts(lv.LEVEL1, CREATE), DAY), ["wrong_state"]
        )


class TestLevels(unittest.TestCase):
    def test_level2_needs_cooperation_consent(self):
        self.assertEqual(
            lv.guard("to_level2", facts(lv.LEVEL1, CREATE), DAY),
            ["cooperation_consent_missing"],
        )
        self.assertEqual(
            lv.guard("to_level2", facts(lv.LEVEL1, CREATE, coop(PPT)), DAY), []
        )

    def test_level2_needs_every_other_service_covered(self):
        log = facts(lv.LEVEL1, CREATE, coop(PPT), services=(PPT, CWS))
        self.assertEqual(lv.guard("to_level2", log, DAY), ["service_not_covered"])
        self.assertEqual(lv.uncovered_services(log, DAY), (CWS,))
        covered = facts(lv.LEVEL1, CREATE, coop(PPT), coop(CWS), services=(PPT, CWS))
        self.assertEqual(lv.guard("to_level2", covered, DAY), [])

    def test_holders_own_service_needs_no_cooperation_consent(self):
        log = facts(lv.LEVEL1, CREATE, coop(PPT), services=(PPT,))
        self.assertEqual(log.other_services, frozenset({PPT}))
        self.assertEqual(lv.guard("to_level3", log, DAY), [])

    def test_expired_cooperation_consent(self):
        old = coop(PPT, signed=date(2023, 9, 1))  # valid through 1 September 2025
        log = facts(lv.LEVEL2, CREATE, old, services=(PPT,))
        self.assertEqual(
            lv.guard("to_level3", log, DAY),
            ["cooperation_consent_missing", "service_not_covered"],
        )
        self.assertEqual(lv.guard("to_level3", log, date(2025, 9, 1)), [])

    def test_level3_without_create_consent(self):
        log = facts(lv.LEVEL2, WITHDRAWN, coop(PPT), services=(PPT,))
        self.assertEqual(lv.guard("to_level3", log, DAY), ["consent_missing"])

    def test_level_sources(self):
        self.assertEqual(
            lv.guard("to_level2", facts(lv.DRAFT, CREATE, coop(PPT)), DAY),
            ["wrong_state"],
        )
        self.assertEqual(
            lv.guard("to_level3", facts(lv.LEVEL3, CREATE, coop(PPT)), DAY),
            ["wrong_state"],
        )
        self.assertEqual(
            lv.guard("to_level2", facts(lv.LEVEL3, CREATE, coop(PPT)), DAY), []
        )

    def test_step_down_to_level1(self):
        self.assertEqual(lv.guard("to_level1", facts(lv.LEVEL3, CREATE), DAY), [])
        self.assertEqual(
            lv.guard("to_level1", facts(lv.LEVEL2, WITHDRAWN), DAY), ["consent_missing"]
        )
        self.assertEqual(
            lv.guard("to_level1", facts(lv.LEVEL1, CREATE), DAY), ["wrong_state"]
        )

    def test_add_participant(self):
        log = facts(lv.LEVEL1, CREATE, coop(PPT))
        self.assertEqual(lv.participant_problems(log, PPT, DAY), [])
        self.assertEqual(lv.participant_problems(log, SCHOOL, DAY), [])
        self.assertEqual(
            lv.participant_problems(log, CWS, DAY), ["service_not_covered"]
        )
        self.assertEqual(
            lv.participant_problems(facts(lv.DRAFT, CREATE), SCHOOL, DAY),
            ["log_not_active"],
        )
        self.assertEqual(
            lv.participant_problems(facts(lv.LEVEL1, WITHDRAWN), SCHOOL, DAY),
            ["consent_missing"],
        )


class TestPassive(unittest.TestCase):
    def test_withdrawal_makes_passive(self):
        self.assertEqual(
            lv.guard("withdraw_consent", facts(lv.LEVEL2, CREATE), DAY),
            ["consent_still_valid"],
        )
        self.assertEqual(
            lv.guard("withdraw_consent", facts(lv.LEVEL2, WITHDRAWN), DAY), []
        )
        self.assertEqual(
            lv.guard("withdraw_consent", facts(lv.DRAFT, WITHDRAWN), DAY),
            ["wrong_state"],
        )

    def test_resume_needs_new_consent(self):
        self.assertEqual(
            lv.guard("resume", facts(lv.PASSIVE, WITHDRAWN), DAY), ["consent_missing"]
        )
        renewed = c.Consent(c.CREATE, signed=date(2025, 9, 25), signed_by=("mor",))
        self.assertEqual(
            lv.guard("resume", facts(lv.PASSIVE, WITHDRAWN, renewed), DAY), []
        )


class TestCloseAndReopen(unittest.TestCase):
    def test_close_reasons(self):
        for reason in lv.CLOSE_REASONS:
            with self.subTest(reason=reason):
                for state in (lv.LEVEL1, lv.LEVEL3, lv.PASSIVE):
                    self.assertEqual(
                        lv.guard(
                            "close", facts(state, CREATE), DAY, close_reason=reason
                        ),
                        [],
                    )
        self.assertEqual(
            lv.guard("close", facts(lv.LEVEL1, CREATE), DAY), ["close_reason_missing"]
        )
        self.assertEqual(
            lv.guard("close", facts(lv.LEVEL1, CREATE), DAY, close_reason="bored"),
            ["close_reason_unknown"],
        )
        self.assertEqual(
            set(lv.CLOSE_REASONS),
            {"goals_reached", "individual_plan", "consent_withdrawn", "moved"},
        )

    def test_close_not_from_draft_or_closed(self):
        for state in (lv.DRAFT, lv.CLOSED):
            self.assertEqual(
                lv.guard("close", facts(state, CREATE), DAY, close_reason="moved"),
                ["wrong_state"],
            )

    def test_reopen(self):
        self.assertEqual(lv.guard("reopen", facts(lv.CLOSED, CREATE), DAY), [])
        self.assertEqual(
            lv.guard("reopen", facts(lv.CLOSED, WITHDRAWN), DAY), ["consent_missing"]
        )
        self.assertEqual(
            lv.guard("reopen", facts(lv.LEVEL1, CREATE), DAY), ["wrong_state"]
        )


class TestAvailable(unittest.TestCase):
    def test_available_transitions(self):
        self.assertEqual(lv.available(facts(lv.DRAFT), DAY), ())
        self.assertEqual(lv.available(facts(lv.DRAFT, CREATE), DAY), ("start",))
        self.assertEqual(lv.available(facts(lv.LEVEL1, CREATE), DAY), ("close",))
        self.assertEqual(
            lv.available(facts(lv.LEVEL1, CREATE, coop(PPT), services=(PPT,)), DAY),
            ("to_level2", "to_level3", "close"),
        )
        self.assertEqual(
            lv.available(facts(lv.LEVEL2, WITHDRAWN), DAY),
            ("withdraw_consent", "close"),
        )
        self.assertEqual(lv.available(facts(lv.CLOSED, CREATE), DAY), ("reopen",))


if __name__ == "__main__":
    unittest.main()
