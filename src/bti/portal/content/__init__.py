"""Dexterity content types of the action guide (handlingsveileder)."""
