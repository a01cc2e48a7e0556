"""The document byline ("by admin", "last modified") is for staff: readers of
the public site and families never see it. Its words are Plone's; its "by",
empty in Plone's nb, nn, ar and uk catalogs, is in the product's. Staff see
it on an item's own page only, not on the product's pages drawn on a folder
(statistics, control rounds), where it named the folder's creator."""

from bti.portal.users import current_user
from bti.portal.users import is_family_user
from plone.app.layout.viewlets.content import DocumentBylineViewlet


class StaffByline(DocumentBylineViewlet):
    def show(self):
        if self.anonymous or is_family_user(current_user()):
            return False
        if not self.context_state.is_view_template():
            return False
        return super().show()
