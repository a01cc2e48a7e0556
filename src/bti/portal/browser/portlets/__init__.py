"""Plone's portlets, kept for readers: the navigation portlet's HTML is
remembered for anonymous readers (navigation.py)."""
