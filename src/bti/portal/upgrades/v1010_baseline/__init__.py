"""1009 -> 1010: a shared baseline guide.

- the registry read again: the ``baseline_site`` setting (none: the site
  follows no baseline);
- the rolemap read again: "bti.portal: Follow baseline guide" for editors,
  site administrators and managers;
- the actions read again: "Changes in the baseline guide" in editors' user
  menu.
"""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "plone.app.registry")
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "actions")
