"""Meetings: the meeting page (invitations, minutes), my meetings, the calendar file."""
