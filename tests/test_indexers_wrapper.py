"""The catalog's wrapper for Dexterity content (indexers/wrapper.py) gives the
catalog what plone.indexer's own wrapper gives, for every index and column,
on every object of a demo site: it only stops asking the site for names an
object does not have."""

from bti.portal.indexers.wrapper import OwnAttributesWrapper
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from plone import api
from plone.indexer.interfaces import IIndexableObject
from plone.indexer.wrapper import IndexableObjectWrapper
from zope.component import queryMultiAdapter
from zope.component.hooks import site as site_hook

import unittest


MISSING = object()


def value(wrapper, name):
    try:
        found = getattr(wrapper, name)
        return found() if callable(found) else found
    except (AttributeError, TypeError):
        return MISSING


class TestOwnAttributesWrapper(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def test_same_values_as_plone_indexer_for_every_object(self):
        site = self.layer["app"]["byn"]
        with site_hook(site), api.env.adopt_roles(["Manager"]):
            catalog = api.portal.get_tool("portal_catalog")
            names = sorted(set(catalog.indexes()) | set(catalog.schema()))
            brains = catalog.unrestrictedSearchResults(
                path="/".join(site.getPhysicalPath())
            )
            types = set()
            self.assertGreater(len(brains), 100)
            for brain in brains:
                obj = brain._unrestrictedGetObject()
                ours = queryMultiAdapter((obj, catalog), IIndexableObject)
                self.assertIsInstance(ours, OwnAttributesWrapper)
                theirs = IndexableObjectWrapper(obj, catalog)
                types.add(obj.portal_type)
                for name in names:
                    self.assertEqual(
                        value(ours, name),
                        value(theirs, name),
                        f"{obj.portal_type} {name}",
                    )
            self.assertLessEqual({"RelayLog", "LogMessage", "GuideStep"}, types)

    def test_an_acquired_value_is_not_indexed(self):
        site = self.layer["app"]["byn"]
        with site_hook(site), api.env.adopt_roles(["Manager"]):
            catalog = api.portal.get_tool("portal_catalog")
            brain = catalog.unrestrictedSearchResults(portal_type="LogMessage")[0]
            message = brain._unrestrictedGetObject()
            log = message.__parent__
            log.location = "Acquired from the log"
            try:
                wrapper = queryMultiAdapter((message, catalog), IIndexableObject)
                self.assertEqual(log.location, message.location)  # acquired
                with self.assertRaises(AttributeError):
                    wrapper.location  # noqa: B018
            finally:
                del log.location
