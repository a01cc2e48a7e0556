"""Sharing rules of a log (who may be given which role)."""
