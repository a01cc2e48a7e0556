"""The lists of logs a person sees on the log folder."""
