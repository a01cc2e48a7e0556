"""@invitations on a meeting: send them (POST), who was invited when (GET)."""
