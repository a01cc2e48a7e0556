"""Plone's CMS screens only for the people who work in the portal."""
