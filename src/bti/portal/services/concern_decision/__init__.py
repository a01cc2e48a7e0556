"""POST /<concern>/@decision: record the level-0 decision on a concern."""
