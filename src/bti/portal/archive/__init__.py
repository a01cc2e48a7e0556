"""The archive (arkivloven § 6): PDF/A copies of each log at its events and
twice a year, readable by archivists only, exported as Noark 5 packages."""
