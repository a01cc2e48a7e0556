"""Plone's personal preferences and personal information are CMS screens:
families (guardians, young people) go to "Mine logger" instead."""

from bti.portal.users import is_family_user
from plone import api
from plone.app.users.browser.personalpreferences import PersonalPreferencesPanel
from plone.app.users.browser.userdatapanel import UserDataPanel


class FamiliesToMyLogs:
    """Mixed in before a Plone page: a family is sent to "Mine logger"."""

    def __call__(self):
        if is_family_user(api.user.get_current()):
            portal_url = api.portal.get().absolute_url()
            self.request.response.redirect(f"{portal_url}/@@my-logs")
            return ""
        return super().__call__()


class StaffPersonalPreferences(FamiliesToMyLogs, PersonalPreferencesPanel):
    pass


class StaffPersonalInformation(FamiliesToMyLogs, UserDataPanel):
    pass
