"""Handing over the relay: the rules and the actions."""
