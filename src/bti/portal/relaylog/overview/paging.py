"""Page numbers from a request form: a whole number in a range, else a 400."""

from zExceptions import BadRequest


def whole(form, name: str, default: int, low: int, high: int) -> int:
    """``form[name]`` as a whole number from ``low`` to ``high`` (``default``
    when missing or empty); a clear 400 for anything else."""
    value = form.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"{name} must be a whole number") from None
    if not low <= number <= high:
        raise BadRequest(f"{name} must be between {low} and {high}")
    return number
