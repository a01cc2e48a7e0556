"""Forms of the logs, their items and concerns without Plone's versioning
fields ("Versioning enabled" on a "Settings" tab, "Change note"): a log's
history is its workflow history and its audit, and staff meet no CMS
settings there. Mixed in before Plone's add or edit form."""

VERSIONING_FIELDS = ("IVersionable.changeNote", "IVersionable.versioning_enabled")


class WithoutVersioningFields:
    def updateFields(self):
        super().updateFields()
        self.fields = self.fields.omit(*VERSIONING_FIELDS)
        for group in self.groups:
            group.fields = group.fields.omit(*VERSIONING_FIELDS)
        self.groups = [group for group in self.groups if len(group.fields)]
