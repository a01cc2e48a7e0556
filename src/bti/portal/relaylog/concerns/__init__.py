"""Level 0: the decision on a concern."""
