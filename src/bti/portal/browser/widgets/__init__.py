"""Widget templates of the product (z3c.form)."""
