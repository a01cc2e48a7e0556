"""A shared baseline guide: a municipality site follows a region's or county's
guide site in the same database, takes its changes or keeps its own text."""
