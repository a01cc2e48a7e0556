"""REST @archive on a log: its archive copies (Archivist and Manager only)."""
