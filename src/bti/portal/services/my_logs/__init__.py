"""GET @my-logs: the family's logs (see bti.portal.logs.family_overview)."""
