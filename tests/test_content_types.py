"""The action guide's content types: schema, add permission, where they fit."""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import iterSchemataForType
from zope.component import getUtility

import requests
import transaction
import unittest


# type -> (container type or None for the site, fields its schema must have)
TYPES = {
    "Guide": (None, set()),
    "GuideLevel": ("Guide", {"level", "purpose", "participants"}),
    "GuideStep": (
        "GuideLevel",
        {
            "number",
            "what_to_do",
            "responsible",
            "deadline_hint",
            "tools",
            "forms",
            "routines",
        },
    ),
    "Tool": (None, {"file", "levels", "target_groups", "age_from", "age_to"}),
    "Routine": (
        None,
        {
            "document_number",
            "version",
            "changed_by",
            "controllers",
            "approved_by",
            "approved_date",
            "revision_owner",
            "next_revision",
            "legal_references",
            "file",
        },
    ),
    "Service": (
        None,
        {"offers", "phone", "email", "address", "opening_hours", "levels"},
    ),
    "Measure": (
        None,
        {"target_group", "risk_factor", "service", "intensity", "age_from", "age_to"},
    ),
    "AnnualWheel": (None, set()),
    "AnnualTask": ("AnnualWheel", {"month_from", "month_to", "owner_role", "audience"}),
}


def field_names(portal_type: str) -> set[str]:
    names = set()
    for schema in iterSchemataForType(portal_type):
        names.update(schema.names(all=True))
    return names


class TestTypes(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Contributor", "Editor"])

    def container_for(self, portal_type):
        parent_type = TYPES[portal_type][0]
        if parent_type is None:
            return self.portal
        parent = self.container_for(parent_type)
        return api.content.create(
            container=parent,
            type=parent_type,
            title=f"A {parent_type}",
            **self.required(parent_type),
        )

    def required(self, portal_type) -> dict:
        return {
            "GuideLevel": {"level": 1},
            "GuideStep": {"number": 1},
            "Routine": {"document_number": "BTI-001"},
            "Measure": {"risk_factor": "family"},
            "AnnualTask": {"month_from": 1, "month_to": 3},
        }.get(portal_type, {})

    def test_schemas(self):
        for portal_type, (_parent, fields) in TYPES.items():
            with self.subTest(portal_type):
                self.assertEqual(fields - field_names(portal_type), set())

    def test_type_names_in_the_site_language(self):
        from zope.i18n import translate

        fti = getUtility(IDexterityFTI, name="GuideStep")
        self.assertEqual(
            translate(fti.Title(), target_language="nb"), "Steg i veilederen"
        )
        self.assertEqual(
            translate(fti.Title(), target_language="nn"), "Steg i rettleiaren"
        )

    def test_every_type_is_versioned(self):
        for portal_type in TYPES:
            fti = getUtility(IDexterityFTI, name=portal_type)
            self.assertIn("plone.versioning", fti.behaviors, portal_type)

    def test_contributor_adds_each_type_where_it_belongs(self):
        for portal_type in TYPES:
            with self.subTest(portal_type):
                container = self.container_for(portal_type)
                obj = api.content.create(
                    container=container,
                    type=portal_type,
                    title=f"New {portal_type}",
                    **self.required(portal_type),
                )
                self.assertEqual(obj.portal_type, portal_type)

    def test_steps_only_inside_levels(self):
        allowed = [fti.getId() for fti in self.portal.allowedContentTypes()]
        for inner in ("GuideLevel", "GuideStep", "AnnualTask"):
            self.assertNotIn(inner, allowed)
        self.assertIn("Guide", allowed)

    def test_member_may_not_add(self):
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        for portal_type in ("Guide", "Tool", "Routine", "Service", "Measure"):
            fti = getUtility(IDexterityFTI, name=portal_type)
            self.assertFalse(fti.isConstructionAllowed(self.portal), portal_type)

    def test_age_range_must_be_in_order(self):
        from bti.portal.content.tool import ITool
        from zope.interface import Invalid

        class Data:
            age_from, age_to = 12, 6

        with self.assertRaises(Invalid):
            ITool.validateInvariants(Data())


class TestTypesRestAPI(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.url = self.layer["portal"].absolute_url()
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def tearDown(self):
        self.session.close()

    def post(self, url, **data):
        response = self.session.post(url, json=data)
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()

    def test_types_listed(self):
        listed = {t["id"] for t in self.session.get(f"{self.url}/@types").json()}
        self.assertTrue(
            {"Guide", "Tool", "Routine", "Service", "Measure", "AnnualWheel"} <= listed
        )

    def test_create_and_read_a_guide_with_a_step(self):
        guide = self.post(self.url, **{"@type": "Guide", "title": "Handlingsveileder"})
        level = self.post(
            guide["@id"], **{"@type": "GuideLevel", "title": "Nivå 1", "level": 1}
        )
        tool = self.post(
            self.url, **{"@type": "Tool", "title": "Samtaleguide", "levels": [1]}
        )
        step = self.post(
            level["@id"],
            **{
                "@type": "GuideStep",
                "title": "Lag stafettlogg",
                "number": 1,
                "tools": [tool["UID"]],
            },
        )
        read = self.session.get(step["@id"]).json()
        self.assertEqual(read["number"], 1)
        self.assertEqual(read["tools"][0]["@id"], tool["@id"])

    def test_create_each_top_level_type(self):
        for data in (
            {
                "@type": "Routine",
                "title": "Rutine for stafettlogg",
                "document_number": "BTI-02",
            },
            {
                "@type": "Service",
                "title": "Helsestasjonen",
                "email": "helse@example.org",
            },
            {
                "@type": "Measure",
                "title": "Foreldreveiledning",
                "risk_factor": "family",
            },
            {"@type": "AnnualWheel", "title": "Årshjul"},
        ):
            with self.subTest(data["@type"]):
                created = self.post(self.url, **data)
                self.assertEqual(created["@type"], data["@type"])

    def test_bad_value_is_a_400(self):
        response = self.session.post(
            self.url, json={"@type": "Service", "title": "X", "email": "not an address"}
        )
        self.assertEqual(response.status_code, 400)
        transaction.begin()
