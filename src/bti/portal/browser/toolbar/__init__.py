"""Plone's toolbar as staff see it, without what axe reports in Plone's own."""
