"""The document byline ("by admin", "last modified") is for staff: readers of
the public site and families never see it. Its words are Plone's; its "by",
empty in Plone's nb, nn, ar and uk catalogs, is in the product's. Staff see
it on an item's own page only, not on the product's pages drawn on a folder
(statistics, control rounds), where it named the folder's creator.

Plone's folder and collection listings draw the same byline for each item
to everyone logged in (``show_about``); for families they do not
(``install``, on import: the viewlet's registration imports this module)."""

from bti.portal.users import current_user
from bti.portal.users import is_family_user
from plone.app.contenttypes.browser.folder import FolderView
from plone.app.layout.viewlets.content import DocumentBylineViewlet


class StaffByline(DocumentBylineViewlet):
    def show(self):
        if self.anonymous or is_family_user(current_user()):
            return False
        if not self.context_state.is_view_template():
            return False
        return super().show()


def _not_for_families(show_about):
    def show_about_for_staff(self):
        if is_family_user(current_user()):
            return False
        return show_about(self)

    show_about_for_staff.bti_wrapped = True
    return show_about_for_staff


def install() -> None:
    """Wrap the listings' ``show_about`` (a property) once (idempotent)."""
    read = FolderView.show_about.fget
    if not getattr(read, "bti_wrapped", False):
        FolderView.show_about = property(_not_for_families(read))


install()
