"""The site's front page: the BTI front page (bti.portal.browser.guide.front)
is the site root's view; Plone's page view comes back on uninstall."""

FRONT_PAGE = "bti-front"
PLONE_VIEWS = ("document_view", "listing_view")


def use_front_page(site) -> None:
    """The BTI front page, unless an editor chose another view of their own."""
    if site.getLayout() in (*PLONE_VIEWS, None):
        site.setLayout(FRONT_PAGE)


def leave_front_page(site) -> None:
    if site.getLayout() == FRONT_PAGE:
        site.setLayout(PLONE_VIEWS[0])
