"""The oversight dashboard page and a log's status page for oversight roles."""
