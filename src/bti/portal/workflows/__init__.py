"""DCWorkflow definitions made from declarative data (see relaylog.py)."""
