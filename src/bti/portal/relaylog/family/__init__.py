"""The family on a log: members by national id, their rules, My logs."""
