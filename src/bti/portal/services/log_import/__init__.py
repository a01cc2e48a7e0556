"""REST @import-log: a log exported by another BTI site, into the log folder."""
