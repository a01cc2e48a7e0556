"""Plone's own searches answered by the portal's engine (``engine``).

- ``Search`` / ``AjaxSearch``: ``@@search`` and ``@@ajax-search``, the header
  search box and its live results, for everyone.
- ``SearchGet``: REST ``GET @search``.

With words (``SearchableText``), both rank with the engine instead of
ZCTextIndex's AND query; every other parameter (types, path, dates, sorting
by a named index) is still a catalog filter.  Without words they are Plone's.

The Stafettlogg (``LOG_TYPES``) is no part of a text search: its items come
only when staff ask for them by type (``portal_type=RelayLog``), and never
one whose title is only its id.
"""

from bti.portal import _
from bti.portal.input_errors import bad_input
from bti.portal.relaylog.overview.paging import whole_or_400
from bti.portal.search.engine import Engine
from bti.portal.search.engine import LOG_TYPES
from plone import api
from plone.app.contentlisting.interfaces import IContentListing
from plone.base.batch import Batch
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.search.handler import SearchHandler
from plone.restapi.search.utils import unflatten_dotted_dict
from plone.restapi.services import Service
from Products.CMFPlone.browser import search as plone_search
from Products.CMFPlone.browser.search import AjaxSearch as PloneAjaxSearch
from Products.CMFPlone.browser.search import Search as PloneSearch
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.ZCatalog.Catalog import CatalogError
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from zExceptions import BadRequest
from zope.component import getMultiAdapter
from ZTUtils.Lazy import LazyMap

import os


STAFF_ROLES = ("Staff", "Manager", "Site Administrator")
MAX_START = 1_000_000  # b_start on the search page
PLONE_TEMPLATES = os.path.join(os.path.dirname(plone_search.__file__), "templates")


def is_staff() -> bool:
    if api.user.is_anonymous():
        return False
    return bool(set(api.user.get_roles()) & set(STAFF_ROLES))


def _types(query: dict) -> list | None:
    types = query.get("portal_type")
    if isinstance(types, dict):
        types = types.get("query")
    if types is None:
        return None
    return [types] if isinstance(types, str) else list(types)


def text_query(query: dict) -> dict:
    """The catalog filters of a text search: the Stafettlogg only when staff ask."""
    query = dict(query)
    types = _types(query)
    asked = bool(types) and any(t in LOG_TYPES for t in types)
    if types is None:
        query["portal_type"] = {"not": list(LOG_TYPES)}
    elif asked and not is_staff():
        query["portal_type"] = [t for t in types if t not in LOG_TYPES] or ["--none--"]
    return query


def ranked(context, text: str, query: dict) -> LazyMap:
    """Brains for ``text`` among ``query``: by relevance, or by ``sort_on`` if given."""
    catalog = api.portal.get_tool("portal_catalog")
    engine = Engine(catalog)
    query = text_query(query)
    query.pop("SearchableText", None)
    sort_on = query.get("sort_on")
    if sort_on and sort_on != "relevance":
        found = engine.search(text, {**query, "sort_on": None})
        query["UID"] = [brain.UID for brain in found.brains]
        brains = list(catalog(**query)) if query["UID"] else []
    else:
        query.pop("sort_on", None)
        query.pop("sort_order", None)
        brains = engine.search(text, query).brains
    return LazyMap(lambda brain: brain, brains, len(brains))


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        value = " ".join(v for v in value if isinstance(v, str))
    return value.strip() if isinstance(value, str) else ""


SEARCH_INVALID = _(
    "search_invalid",
    default="The search cannot use this address. Search again from the search box.",
)


def _sortable(catalog, name: str) -> bool:
    index = catalog._catalog.indexes.get(name)
    return index is not None and hasattr(index, "documentToKeyMap")


SORT_ORDERS = frozenset({"", "ascending", "descending", "reverse"})


def check_form(form) -> None:
    """The page's own values as Plone's search page expects them, else a 400
    (Plone answered 500): words as text, a sort the catalog can do, a page
    number."""
    whole_or_400(form, "b_start", 0, 0, MAX_START)
    text = form.get("SearchableText", "")
    sort_on = form.get("sort_on", "")
    sort_order = form.get("sort_order", "")
    catalog = api.portal.get_tool("portal_catalog")
    try:
        if not all(isinstance(v, str) for v in (text, sort_on, sort_order)):
            raise TypeError
        text.encode("utf-8")  # bytes that were not UTF-8
    except (TypeError, UnicodeEncodeError):
        raise bad_input("search_invalid", SEARCH_INVALID) from None
    if sort_on not in ("", "relevance") and not _sortable(catalog, sort_on):
        raise bad_input("search_invalid", SEARCH_INVALID)
    if sort_order not in SORT_ORDERS:
        raise bad_input("search_invalid", SEARCH_INVALID)


class Search(PloneSearch):
    """``@@search``: Plone's page, with the engine's ranking for words."""

    template = ViewPageTemplateFile(os.path.join(PLONE_TEMPLATES, "search.pt"))

    def __call__(self):
        check_form(self.request.form)
        return self.template()

    def results(
        self, query=None, batch=True, b_size=10, b_start=0, use_content_listing=True
    ):
        try:
            return self._results(query, batch, b_size, b_start, use_content_listing)
        except (TypeError, ValueError, AttributeError, CatalogError):  # malformed
            raise bad_input("search_invalid", SEARCH_INVALID) from None

    def _results(self, query, batch, b_size, b_start, use_content_listing):
        query = {} if query is None else query
        text = _text(
            query.get("SearchableText", self.request.form.get("SearchableText"))
        )
        if not text:
            return super().results(query, batch, b_size, b_start, use_content_listing)
        filters = self.filter_query(dict(query)) or {}
        for key in ("b_start", "b_size"):
            filters.pop(key, None)
        try:
            results = ranked(self.context, text, filters)
        except (ParseError, QueryError):
            results = LazyMap(lambda brain: brain, [], 0)
        if use_content_listing:
            results = IContentListing(results)
        if batch:
            results = Batch(results, b_size, int(b_start))
        return results


class AjaxSearch(Search, PloneAjaxSearch):
    """``@@ajax-search``: the header box's live results, ranked the same way."""

    def __call__(self):
        check_form(self.request.form)
        return PloneAjaxSearch.__call__(self)


class RankedSearchHandler(SearchHandler):
    def search(self, query=None):
        query = {} if query is None else query
        text = _text(query.get("SearchableText"))
        if not text:
            return super().search(query)
        query.pop("SearchableText")
        fullobjects = bool(query.pop("fullobjects", False))
        if query.pop("use_site_search_settings", False):
            query = self.filter_query(query)
        self._constrain_query_by_path(query)
        query = self._parse_query(query)
        try:
            results = ranked(self.context, text, query)
        except (ParseError, QueryError):
            results = LazyMap(lambda brain: brain, [], 0)
        return getMultiAdapter((results, self.request), ISerializeToJson)(
            fullobjects=fullobjects
        )


class SearchGet(Service):
    """REST ``GET @search``, ranked by the engine when words are given."""

    def reply(self):
        query = unflatten_dotted_dict(self.request.form.copy())
        try:
            return RankedSearchHandler(self.context, self.request).search(query)
        except (ValueError, TypeError, AttributeError, CatalogError) as error:
            # A wrongly typed parameter (b_size=abc), a sort the catalog
            # cannot do, a malformed date range.
            raise BadRequest(str(error)) from None
