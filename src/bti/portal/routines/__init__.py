"""Routines as controlled documents: control, approval, versions, revision."""
