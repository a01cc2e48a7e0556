"""Meetings in a log: invitations, minutes, my meetings."""
