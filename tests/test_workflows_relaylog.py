"""The Stafettlogg workflow is made from the permission matrix, and the
installed workflow grants exactly what the matrix says."""

from bti.portal.domain import permissions as matrix
from bti.portal.domain.levels import STATES
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.workflows import relaylog
from pathlib import Path
from plone import api

import unittest


DEFINITION = (
    Path(__file__).parent.parent
    / "profiles"
    / "default"
    / "workflows"
    / relaylog.WORKFLOW_ID
    / "definition.xml"
)


class TestDefinitionFile(unittest.TestCase):
    def test_file_is_the_matrix_rendered(self):
        self.assertEqual(
            DEFINITION.read_text(encoding="utf-8"),
            relaylog.render(),
            "run: .venv/bin/python scripts/make_workflows.py",
        )


class TestInstalledWorkflow(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.workflow = api.portal.get_tool("portal_workflow")[relaylog.WORKFLOW_ID]

    def test_states(self):
        self.assertEqual(set(self.workflow.states.objectIds()), set(STATES))
        self.assertEqual(self.workflow.initial_state, "draft")

    def test_every_state_grants_exactly_the_matrix(self):
        cases = 0
        for state in STATES:
            definition = self.workflow.states[state]
            for permission in matrix.PERMISSIONS:
                info = definition.getPermissionInfo(permission)
                self.assertFalse(info["acquired"], (state, permission))
                self.assertEqual(
                    set(info["roles"] or ()),
                    set(matrix.roles_for(state, permission)),
                    (state, permission),
                )
                cases += 1
        self.assertEqual(cases, len(STATES) * len(matrix.PERMISSIONS))

    def test_no_excluded_role_is_granted_anything(self):
        for state in STATES:
            definition = self.workflow.states[state]
            for permission in matrix.PERMISSIONS:
                granted = set(definition.getPermissionInfo(permission)["roles"] or ())
                self.assertFalse(
                    granted & set(matrix.EXCLUDED_ROLES), (state, permission)
                )

    def test_transitions_are_guarded_by_the_matrix_permission(self):
        data = matrix.as_dcworkflow_permission_map()["transitions"]
        for transition_id, spec in data.items():
            transition = self.workflow.transitions[transition_id]
            self.assertEqual(transition.new_state_id, spec["new_state"])
            self.assertEqual(
                transition.getGuard().permissions, (spec["guard_permission"],)
            )


class TestRoles(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_roles_exist_and_show_on_the_sharing_page(self):
        from plone.app.workflow.interfaces import ISharingPageRole
        from zope.component import getUtilitiesFor

        portal = self.layer["portal"]
        sharing_roles = {name for name, _utility in getUtilitiesFor(ISharingPageRole)}
        for role in (
            "RelayHolder",
            "Participant",
            "Guardian",
            "Youth",
            "UnitLeader",
            "Coordinator",
        ):
            self.assertIn(role, portal.validRoles())
            self.assertIn(role, sharing_roles)
