"""REST @export: the log sealed for another BTI site."""
