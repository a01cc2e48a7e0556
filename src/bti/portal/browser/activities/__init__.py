"""Personal staff pages: my activities, and my reminder preferences."""
