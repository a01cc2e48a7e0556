"""Forms of the logs, their items and concerns without Plone's versioning
fields ("Versioning enabled" on a "Settings" tab, "Change note"): a log's
history is its workflow history and its audit, and staff meet no CMS
settings there. Mixed in before Plone's add or edit form."""

VERSIONING_FIELDS = ("IVersionable.changeNote", "IVersionable.versioning_enabled")


def omit_fields(form, names) -> None:
    """Leave ``names`` out of a z3c.form form and its groups (tabs); a tab
    left empty goes too."""
    form.fields = form.fields.omit(*names)
    for group in form.groups:
        group.fields = group.fields.omit(*names)
    form.groups = [group for group in form.groups if len(group.fields)]


class WithoutVersioningFields:
    def updateFields(self):
        super().updateFields()
        omit_fields(self, VERSIONING_FIELDS)
