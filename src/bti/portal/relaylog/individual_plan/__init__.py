"""Level 4: a log at level 3 continues as an individual plan (IP) with a coordinator."""
