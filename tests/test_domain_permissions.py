"""Invariants of the RelayLog permission matrix."""

from bti.portal.domain import levels as lv
from bti.portal.domain import permissions as p

import unittest


ACTIVE = lv.ACTIVE_STATES
READ_ONLY = (lv.PASSIVE, lv.CLOSED)
FAMILY = (p.GUARDIAN, p.YOUTH)
STAFF = (p.RELAY_HOLDER, p.PARTICIPANT)
OVERSIGHT = (p.UNIT_LEADER, p.COORDINATOR)
CONTENT_READ = (p.VIEW, p.ACCESS, p.LIST, p.VERSIONS)
ADD_PERMISSIONS = (p.ADD_LOG_CONTENT, p.ADD_MESSAGE, p.ADD_EVALUATION, p.ADD_CONSENT)
WRITES = (
    p.MODIFY,
    p.REVERT,
    p.EDIT_DETAILS,
    p.ADD_LOG_CONTENT,
    p.ADD_MESSAGE,
    p.ADD_EVALUATION,
)


def cells():
    for state in lv.STATES:
        for permission in p.PERMISSIONS:
            yield state, permission, p.roles_for(state, permission)


class TestShape(unittest.TestCase):
    def test_role_ids(self):
        self.assertEqual(
            set(p.ROLES),
            {
                "RelayHolder",
                "PlanCoordinator",
                "Participant",
                "Guardian",
                "Youth",
                "UnitLeader",
                "Coordinator",
                "RelayOffered",
                "Manager",
            },
        )

    def test_required_permissions_are_managed(self):
        for permission in (
            "View",
            "Access contents information",
            "Modify portal content",
            "Add portal content",
            "Delete objects",
            "Change local roles",
            "bti.portal: Add log content",
            "bti.portal: Add message",
            "bti.portal: Add evaluation",
            "bti.portal: View log overview",
            "bti.portal: Hand over log",
        ):
            self.assertIn(permission, p.PERMISSIONS)
        self.assertEqual(len(set(p.PERMISSIONS)), len(p.PERMISSIONS))

    def test_every_cell_is_declared(self):
        self.assertEqual(set(p.MATRIX), set(lv.STATES))
        for state in lv.STATES:
            self.assertEqual(set(p.MATRIX[state]), set(p.PERMISSIONS))

    def test_unknown_state_or_permission(self):
        with self.assertRaises(KeyError):
            p.roles_for("published", p.VIEW)
        with self.assertRaises(KeyError):
            p.roles_for(lv.LEVEL1, "Review portal content")
        with self.assertRaises(KeyError):
            p.permissions_for("published", p.MANAGER)


class TestLeastPrivilege(unittest.TestCase):
    def test_only_listed_roles_ever_get_a_permission(self):
        for state, permission, roles in cells():
            with self.subTest(state=state, permission=permission):
                self.assertTrue(set(roles) <= set(p.ROLES))
                self.assertFalse(set(roles) & set(p.EXCLUDED_ROLES))

    def test_excluded_roles_cover_plone_defaults(self):
        for role in (
            "Site Administrator",
            "Editor",
            "Reviewer",
            "Member",
            "Authenticated",
            "Anonymous",
            "Owner",
        ):
            self.assertIn(role, p.EXCLUDED_ROLES)
            self.assertNotIn(role, p.ROLES)
            for state in lv.STATES:
                self.assertEqual(p.permissions_for(state, role), frozenset())

    def test_oversight_roles_see_the_overview_never_the_content(self):
        for state in lv.STATES:
            for role in OVERSIGHT:
                with self.subTest(state=state, role=role):
                    granted = p.permissions_for(state, role)
                    self.assertIn(p.OVERVIEW, granted)
                    self.assertFalse(granted & set(CONTENT_READ))
                    self.assertFalse(granted & set(WRITES))

    def test_reading_implies_traversal_and_overview(self):
        for state in lv.STATES:
            view = set(p.roles_for(state, p.VIEW))
            self.assertEqual(view, set(p.roles_for(state, p.ACCESS)), state)
            self.assertEqual(view, set(p.roles_for(state, p.LIST)), state)
            self.assertEqual(view, set(p.roles_for(state, p.VERSIONS)), state)
            self.assertTrue(view <= set(p.roles_for(state, p.OVERVIEW)), state)

    def test_add_portal_content_goes_with_the_specific_add_permissions(self):
        for state in lv.STATES:
            specific = set().union(*(p.roles_for(state, a) for a in ADD_PERMISSIONS))
            self.assertEqual(set(p.roles_for(state, p.ADD)), specific, state)

    def test_sharing_is_for_holder_and_manager_only(self):
        for state in lv.STATES:
            roles = set(p.roles_for(state, p.CHANGE_ROLES))
            runner = (
                p.PLAN_COORDINATOR if state == lv.INDIVIDUAL_PLAN else p.RELAY_HOLDER
            )
            self.assertTrue(roles <= {runner, p.MANAGER}, state)
            self.assertIn(p.MANAGER, roles)
            self.assertEqual(roles, set(p.roles_for(state, p.DELEGATE_ROLES)))
        for state in (lv.DRAFT, *ACTIVE):
            self.assertIn(p.RELAY_HOLDER, p.roles_for(state, p.CHANGE_ROLES))

    def test_copy_or_move_is_manager_only(self):
        for state in lv.STATES:
            self.assertEqual(p.roles_for(state, p.COPY_MOVE), (p.MANAGER,))

    def test_manager_reads_every_state_and_holds_what_others_hold(self):
        for state in lv.STATES:
            manager = p.permissions_for(state, p.MANAGER)
            self.assertIn(p.VIEW, manager)
            for role in p.ROLES:
                self.assertTrue(
                    p.permissions_for(state, role) <= manager, (state, role)
                )


class TestStates(unittest.TestCase):
    def test_draft_is_for_the_holder_only(self):
        self.assertEqual(
            set(p.roles_for(lv.DRAFT, p.VIEW)), {p.RELAY_HOLDER, p.MANAGER}
        )
        self.assertFalse(p.permissions_for(lv.DRAFT, p.PARTICIPANT))
        for role in FAMILY:  # only the consent text to sign
            self.assertEqual(p.permissions_for(lv.DRAFT, role), {p.SIGN_CONSENT})
        self.assertIn(p.RELAY_HOLDER, p.roles_for(lv.DRAFT, p.ADD_CONSENT))
        self.assertIn(p.RELAY_HOLDER, p.roles_for(lv.DRAFT, p.MODIFY))

    def test_active_states_staff_read_and_write(self):
        for state in ACTIVE:
            for role in STAFF:
                granted = p.permissions_for(state, role)
                for permission in (
                    p.VIEW,
                    p.MODIFY,
                    p.ADD_LOG_CONTENT,
                    p.ADD_MESSAGE,
                    p.ADD_EVALUATION,
                ):
                    self.assertIn(permission, granted, (state, role))

    def test_only_the_holder_edits_details_shares_and_deletes(self):
        for state in ACTIVE:
            for permission in (
                p.EDIT_DETAILS,
                p.DELETE,
                p.REVERT,
                p.ADD_CONSENT,
                p.CHANGE_LEVEL,
            ):
                self.assertEqual(
                    set(p.roles_for(state, permission)),
                    {p.RELAY_HOLDER, p.MANAGER},
                    (state, permission),
                )

    def test_family_reads_and_adds_messages_but_never_modifies(self):
        for role in FAMILY:
            for state in ACTIVE:
                granted = p.permissions_for(state, role)
                for permission in (
                    p.VIEW,
                    p.ADD_MESSAGE,
                    p.ADD_EVALUATION,
                    p.WITHDRAW_CONSENT,
                ):
                    self.assertIn(permission, granted, (state, role))
            for state in lv.STATES:
                granted = p.permissions_for(state, role)
                for permission in (
                    p.MODIFY,
                    p.ADD_LOG_CONTENT,
                    p.EDIT_DETAILS,
                    p.DELETE,
                    p.CHANGE_ROLES,
                    p.REVERT,
                ):
                    self.assertNotIn(permission, granted, (state, role))
            for state in READ_ONLY:
                self.assertIn(p.VIEW, p.permissions_for(state, role))
        for state in lv.STATES:
            self.assertEqual(
                p.permissions_for(state, p.GUARDIAN), p.permissions_for(state, p.YOUTH)
            )

    def test_passive_and_closed_are_read_only(self):
        for state in READ_ONLY:
            for permission in WRITES:
                with self.subTest(state=state, permission=permission):
                    self.assertEqual(p.roles_for(state, permission), ())
            for role in STAFF:
                self.assertNotIn(p.MODIFY, p.permissions_for(state, role))
                self.assertNotIn(p.DELETE, p.permissions_for(state, role))
            # The only thing added is a new consent, to resume or reopen.
            added = {a for a in ADD_PERMISSIONS if p.roles_for(state, a)}
            self.assertEqual(added, {p.ADD_CONSENT}, state)

    def test_participants_write_only_in_active_states(self):
        for state in (lv.DRAFT, lv.CLOSED):
            self.assertFalse(p.permissions_for(state, p.PARTICIPANT), state)
        passive = p.permissions_for(lv.PASSIVE, p.PARTICIPANT)
        self.assertIn(p.VIEW, passive)
        self.assertNotIn(p.MODIFY, passive)

    def test_holder_reads_in_every_state(self):
        for state in lv.STATES:
            self.assertIn(p.VIEW, p.permissions_for(state, p.RELAY_HOLDER))

    def test_only_coordinator_and_manager_reopen(self):
        for state in lv.STATES:
            expected = {p.COORDINATOR, p.MANAGER} if state == lv.CLOSED else set()
            self.assertEqual(set(p.roles_for(state, p.REOPEN)), expected, state)

    def test_handover(self):
        for state in (lv.DRAFT, *ACTIVE, lv.PASSIVE):
            self.assertEqual(
                set(p.roles_for(state, p.HAND_OVER)),
                {p.RELAY_HOLDER, p.UNIT_LEADER, p.MANAGER},
            )
        self.assertNotIn(p.RELAY_HOLDER, p.roles_for(lv.CLOSED, p.HAND_OVER))

    def test_the_offered_colleague_only_answers_the_offer(self):
        for state in lv.STATES:
            self.assertEqual(
                p.permissions_for(state, p.RELAY_OFFERED), {p.ANSWER_HANDOVER}
            )
            offering = set(p.roles_for(state, p.HAND_OVER))
            self.assertEqual(
                set(p.roles_for(state, p.ANSWER_HANDOVER)),
                offering | {p.RELAY_OFFERED, p.MANAGER},
            )

    def test_consent_text_is_for_the_family_and_readers(self):
        for state in lv.STATES:
            readers = set(p.roles_for(state, p.VIEW))
            self.assertEqual(
                set(p.roles_for(state, p.SIGN_CONSENT)), readers | set(FAMILY)
            )

    def test_has_permission(self):
        self.assertTrue(p.has_permission(lv.LEVEL2, ["Member", p.GUARDIAN], p.VIEW))
        self.assertFalse(p.has_permission(lv.LEVEL2, ["Editor", p.UNIT_LEADER], p.VIEW))
        # Passive is read-only for staff: participants read, never write.
        self.assertTrue(p.has_permission(lv.PASSIVE, [p.PARTICIPANT], p.VIEW))
        self.assertFalse(p.has_permission(lv.PASSIVE, [p.PARTICIPANT], p.MODIFY))


class TestTransitionsAndExport(unittest.TestCase):
    def test_every_transition_can_be_fired_from_each_source(self):
        for tid, transition in lv.TRANSITIONS.items():
            permission = p.TRANSITION_PERMISSIONS[tid]
            self.assertIn(permission, p.PERMISSIONS)
            for state in transition.sources:
                self.assertTrue(p.roles_for(state, permission), (tid, state))

    def test_who_fires_what(self):
        self.assertIn(
            p.GUARDIAN,
            p.roles_for(lv.LEVEL1, p.TRANSITION_PERMISSIONS["withdraw_consent"]),
        )
        self.assertNotIn(
            p.GUARDIAN, p.roles_for(lv.LEVEL1, p.TRANSITION_PERMISSIONS["close"])
        )
        self.assertNotIn(
            p.RELAY_HOLDER, p.roles_for(lv.CLOSED, p.TRANSITION_PERMISSIONS["reopen"])
        )

    def test_dcworkflow_export(self):
        data = p.as_dcworkflow_permission_map()
        self.assertEqual(data["initial_state"], lv.DRAFT)
        self.assertEqual(tuple(data["permissions"]), p.PERMISSIONS)
        self.assertEqual(set(data["states"]), set(lv.STATES))
        for state, info in data["states"].items():
            self.assertEqual(set(info["permissions"]), set(p.PERMISSIONS))
            for permission, cell in info["permissions"].items():
                self.assertIs(cell["acquired"], False)
                self.assertEqual(tuple(cell["roles"]), p.roles_for(state, permission))
            for tid in info["exit_transitions"]:
                self.assertIn(state, lv.TRANSITIONS[tid].sources)
        self.assertEqual(data["states"][lv.CLOSED]["exit_transitions"], ("reopen",))
        self.assertEqual(data["transitions"]["start"]["new_state"], lv.LEVEL1)
        self.assertEqual(data["transitions"]["reopen"]["guard_permission"], p.REOPEN)


if __name__ == "__main__":
    unittest.main()
