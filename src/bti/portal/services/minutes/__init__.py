"""@minutes on a meeting: write the minutes (a LogMessage of kind minutes)."""
