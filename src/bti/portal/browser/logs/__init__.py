"""Pages of a Stafettlogg: the log, level changes, handover, the log folder overview."""
