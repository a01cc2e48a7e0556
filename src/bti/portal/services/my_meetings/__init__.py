"""@my-meetings: the meetings the current user is invited to or called."""
