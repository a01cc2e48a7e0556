"""The pages for families (/familie), in every family language.

Read from content/<language>/family.json: the folder's title in the site's
language, and the pages of each language. A page in each language shares its
``translation_group`` with its translations (bti.portal.content.family_page).
"""

from bti.portal.content.family_page import FAMILY_LANGUAGES
from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.content_tree import publish
from plone import api


FOLDER_ID = "familie"


def add_family_pages(site, language: str, read_json) -> None:
    """``read_json(name)``: a file under content/ (bti.portal.distributions.demo)."""
    texts = {code: read_json(f"{code}/family.json") for code in FAMILY_LANGUAGES}
    own = texts.get(language) or texts["nb"]
    folder = api.content.create(
        container=site,
        type="Folder",
        id=FOLDER_ID,
        title=own["folder"]["title"],
        description=own["folder"].get("description", ""),
    )
    folder.setLayout("family-pages")
    publish(folder)
    for code in FAMILY_LANGUAGES:
        create_tree(folder, texts[code]["items"])
    for page in folder.objectValues():
        page.exclude_from_nav = True  # the folder lists them in the reader's language
        page.reindexObject()
