"""@sharing POST: plone.restapi's, its body checked first."""
