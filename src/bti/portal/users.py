"""The people behind user ids: full names and the current user."""

from plone import api
from zExceptions import Unauthorized


def fullname(user_id: str, unknown: str | None = None) -> str:
    """The full name, else the id; for an id with no user: ``unknown``, else the id.

    (A guardian added without a login is listed by name: the name is the id.)
    """
    if not user_id:
        return ""
    user = api.user.get(userid=user_id)
    if user is None:
        return user_id if unknown is None else unknown
    return user.getProperty("fullname") or user_id


def current_user_id(refusal: str = "Log in first.") -> str:
    """The logged-in user's id; Unauthorized (401) for anonymous."""
    if api.user.is_anonymous():
        raise Unauthorized(refusal)
    return api.user.get_current().getId()
