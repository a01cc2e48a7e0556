"""Classic UI of level 0: a concern, its decision, and the user's list of concerns."""
