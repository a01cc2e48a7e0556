"""Plone's feed links with their titles as text ("Site - RSS 2.0"); Plone's
own viewlet writes the feed type's name as bytes (``b'RSS 2.0'``)."""

from plone.app.layout.links.viewlets import RSSViewlet


class FeedLinks(RSSViewlet):
    def getRssLinks(self, obj):
        links = super().getRssLinks(obj)
        for link in links:
            link["title"] = _text_title(link["title"])
        return links


def _text_title(title: str) -> str:
    """``"Site - b'RSS 2.0'"`` -> ``"Site - RSS 2.0"``."""
    site, separator, feed = title.rpartition(" - ")
    if separator and feed.startswith("b'") and feed.endswith("'"):
        return f"{site} - {feed[2:-1]}"
    return title
