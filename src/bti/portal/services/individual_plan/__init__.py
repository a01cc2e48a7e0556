"""REST @individual-plan: a level-3 log continues as an individual plan."""
