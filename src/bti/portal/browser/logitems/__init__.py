"""Purpose-built add forms and pages for the things inside a log."""
