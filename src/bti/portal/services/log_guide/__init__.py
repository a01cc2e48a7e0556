"""GET <log>/@guide: the guide for the log's level, as on the log's page."""
