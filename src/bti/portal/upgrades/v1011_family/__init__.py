"""1010 -> 1011: families meet no CMS.

- the rolemap read again: "Show Toolbar" and the dashboard only for staff
  roles (Manager, Site Administrator, Editor, Contributor, Reviewer, Staff);
- the actions read again: "My logs" in the main menu for families.

Consents need no migration: how a consent was signed (BankID or paper, and by
whom) is read from its signatures and its creator
(bti.portal.relaylog.consent.provenance); the scanned form is asked for when a
paper consent is recorded or edited.
"""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "actions")
