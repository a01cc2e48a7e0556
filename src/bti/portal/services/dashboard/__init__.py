"""GET @dashboard on the log folder: the oversight dashboard's data."""
