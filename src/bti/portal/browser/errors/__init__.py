"""Error pages that show nothing of a log or a concern (403, 404, other errors)."""
