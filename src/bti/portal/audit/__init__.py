"""The audit of every read and write of a Stafettlogg (SQLite, outside the ZODB)."""
