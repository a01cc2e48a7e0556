"""GET @dashboard-units on the log folder: the dashboard's units, a page at a time."""
