"""What bti.portal publishes: its classes' web-callable methods, and its views,
pages, viewlets and REST services as registered in the component registry.

Zope publishes any method with a docstring whose name has no leading underscore,
unless a security declaration (``name__roles__``) says otherwise. Views and
services carry the permission of their ZCML registration on the class Five or
plone.rest made for them (``__call____roles__``, ``render__roles__`` or the
class's ``__roles__``). The tests read both from here, so a new method, view or
service is covered the day it is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from zope.component import getGlobalSiteManager
from zope.interface import implementedBy
from zope.interface import Interface
from zope.interface import providedBy
from zope.interface.declarations import Declaration
from zope.interface.interface import InterfaceClass
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.publisher.interfaces.browser import IBrowserView
from zope.viewlet.interfaces import IViewlet

import Acquisition
import bti.portal
import importlib
import inspect
import persistent
import pkgutil
import re
import sys


PRODUCT = "bti.portal"
PUBLIC = "<public>"  # declared public: no permission needed
PUBLIC_PERMISSIONS = frozenset({PUBLIC, "Public, everyone can access"})
SERVICE_NAME = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)_[a-z0-9_.+-]*_(@.*)$")


def import_all() -> list[str]:
    """Import every module of the product; returns the ones that failed."""
    failed = []
    for info in pkgutil.walk_packages(bti.portal.__path__, f"{PRODUCT}."):
        try:
            importlib.import_module(info.name)
        except Exception as error:  # reported by the test
            failed.append(f"{info.name}: {error!r}")
    return failed


def _ours(klass) -> bool:
    return getattr(klass, "__module__", "").startswith(f"{PRODUCT}.")


def persistent_classes() -> list[type]:
    """The product's classes that traversal can reach: Acquisition or persistent
    objects (content, PAS plugins, tools), not views (the registry covers those)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PRODUCT or name.startswith(f"{PRODUCT}.")):
            continue
        for klass in vars(module).values():
            if not inspect.isclass(klass) or not _ours(klass):
                continue
            if not issubclass(
                klass,
                (Acquisition.Implicit, Acquisition.Explicit, persistent.Persistent),
            ):
                continue
            if IBrowserView.implementedBy(klass):
                continue
            found[f"{klass.__module__}.{klass.__qualname__}"] = klass
    return [found[key] for key in sorted(found)]


def published_methods(klass) -> list[tuple[str, object]]:
    """(name, roles) of the product's own methods on ``klass`` that Zope would
    publish: no leading underscore, callable, with a docstring. ``roles`` is the
    declaration as Zope stores it (None: public), MISSING when undeclared."""
    methods = []
    seen = set()
    for base in klass.__mro__:
        if not _ours(base):
            continue
        for name, value in vars(base).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            function = getattr(value, "__func__", value)
            if not callable(function) or not getattr(function, "__doc__", None):
                continue
            methods.append((name, getattr(klass, f"{name}__roles__", MISSING)))
    return methods


class _Missing:
    def __repr__(self) -> str:
        return "<undeclared>"


MISSING = _Missing()


def permission_title(roles) -> str:
    """The permission behind Zope's roles object, PUBLIC, or the roles as text."""
    if roles is None:
        return PUBLIC
    if isinstance(roles, (tuple, list)):
        return repr(tuple(roles))
    name = getattr(roles, "__name__", None)  # a PermissionRole (C or Python)
    return name if isinstance(name, str) else repr(roles)


@dataclass(frozen=True)
class Published:
    """One registration of the product: a page, a viewlet or a REST service."""

    kind: str  # "page", "viewlet" or "service"
    name: str  # the view's name, the viewlet's name or the service's "@name"
    method: str  # HTTP method of a service, "GET" otherwise
    context: Declaration  # an interface, or a class's implemented spec
    layer: InterfaceClass
    permission: str
    factory: type
    info: str

    @property
    def public(self) -> bool:
        return self.permission in PUBLIC_PERMISSIONS

    def label(self) -> str:
        where = getattr(self.context, "__identifier__", None) or repr(self.context)
        return f"{self.kind} {self.method} {self.name} on {where} ({self.permission})"

    def applies_to(self, obj_or_class) -> bool:
        """Whether the registration answers on this object (or class's objects)."""
        if inspect.isclass(obj_or_class):
            spec = implementedBy(obj_or_class)
        else:
            spec = providedBy(obj_or_class)
        return spec.isOrExtends(self.context)

    @property
    def json(self) -> bool:
        return self.kind == "service"

    def url(self, base: str) -> str:
        if self.kind == "service":
            return f"{base}/{self.name}"
        return f"{base}/@@{self.name}"


def _roles_of(factory, kind: str):
    names = ("render__roles__",) if kind == "viewlet" else ("__call____roles__",)
    for name in (*names, "__roles__"):
        roles = getattr(factory, name, MISSING)
        if roles is not MISSING:
            return roles
    return MISSING


# Plone's own public pages that the product re-registers only to translate a
# word; they give nothing of the context (the icon resolver returns icon SVGs).
PLONE_PUBLIC_OVERRIDES = {
    ("page", "iconresolver"),
    ("page", "title"),  # Plone's own @@title and @@description are public too
    ("page", "description"),
}


def registrations() -> list[Published]:
    """The product's pages, viewlets and REST services in the global registry
    (but for PLONE_PUBLIC_OVERRIDES)."""
    found = []
    for reg in getGlobalSiteManager().registeredAdapters():
        factory = reg.factory
        if not inspect.isclass(factory) or not any(
            _ours(base) for base in factory.__mro__
        ):
            continue
        required = reg.required
        if reg.provided is IViewlet and len(required) == 4:
            kind, name, method = "viewlet", reg.name, "GET"
        elif (
            reg.provided is Interface
            and len(required) == 2
            and required[1].isOrExtends(IBrowserRequest)
        ):
            match = SERVICE_NAME.match(reg.name)
            if match:
                kind, method, name = "service", match.group(1), match.group(2)
            else:
                kind, name, method = "page", reg.name, "GET"
        else:
            continue
        if (kind, name) in PLONE_PUBLIC_OVERRIDES:
            continue
        found.append(
            Published(
                kind=kind,
                name=name,
                method=method,
                context=required[0],
                layer=required[1],
                permission=permission_title(_roles_of(factory, kind)),
                factory=factory,
                info=str(reg.info).strip().splitlines()[0] if reg.info else "",
            )
        )
    return sorted(found, key=lambda item: (item.kind, item.name, item.method))
