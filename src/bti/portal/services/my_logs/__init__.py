"""GET @my-logs: the family's logs (see bti.portal.relaylog.family.overview)."""
