"""Pages to move a log to another unit, export it for another BTI site, import it."""
