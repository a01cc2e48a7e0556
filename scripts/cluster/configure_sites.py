"""Run by scripts/cluster/cluster.py after create_sites.py (zconsole run):
every Plone site purges edited pages at this cluster's Varnish (BTI_PUBLIC_URL)."""

from plone.registry.interfaces import IRegistry
from Products.CMFPlone.Portal import PloneSite
from zope.component import getUtility
from zope.component.hooks import setSite

import os
import transaction


PROXIES = "plone.cachepurging.interfaces.ICachePurgingSettings.cachingProxies"


def set_purge_target(app, url: str) -> None:
    for site in app.objectValues():
        if not isinstance(site, PloneSite):
            continue
        setSite(site)
        registry = getUtility(IRegistry)
        if tuple(registry.get(PROXIES) or ()) != (url,):
            registry[PROXIES] = (url,)
            print(f"{site.getId()}: purges at {url}")
    transaction.commit()


set_purge_target(app, os.environ["BTI_PUBLIC_URL"])  # noqa: F821 - zconsole's app
