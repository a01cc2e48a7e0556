"""GET @my-work: the staff work page as JSON (see bti.portal.work)."""
