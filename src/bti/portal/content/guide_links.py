"""Which guide steps link an item (a tool, form or routine), for its page."""

from AccessControl import getSecurityManager
from plone import api


STEP_LINKS = ("tools", "forms", "routines")


def steps_using(obj) -> list:
    """The steps that link ``obj`` and the current user may see, in guide order
    (level number, then step number), each step once."""
    checker = getSecurityManager()
    steps = {}
    for relation in api.relation.get(target=obj, unrestricted=True):
        if relation.from_attribute not in STEP_LINKS:
            continue
        step = relation.from_object
        if step is None or not checker.checkPermission("View", step):
            continue
        steps["/".join(step.getPhysicalPath())] = step

    def order(step):
        level = getattr(step.__parent__, "level", None)
        return (level if level is not None else 99, step.number or 0)

    return sorted(steps.values(), key=order)
