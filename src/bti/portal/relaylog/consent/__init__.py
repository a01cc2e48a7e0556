"""Consent: the texts a family reads and signs, signing, withdrawal."""
