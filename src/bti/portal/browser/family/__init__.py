"""Family pages of a log: add family by national id, sign and withdraw consent."""
