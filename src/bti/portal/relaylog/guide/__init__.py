"""The guide inside a log: the steps and tools of the log's level, and the
log's actions those steps name (``actions``), read from the catalog."""
