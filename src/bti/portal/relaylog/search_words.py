"""Words to look for, from a request form (a unit's or a colleague's name)."""

from bti.portal.relaylog.errors import CodedError


def search_words(form, name: str, most: int, error: CodedError) -> str:
    """``form[name]`` stripped, at most ``most`` characters ("" when missing);
    a list, a record, a longer text or one that was not UTF-8 raises ``error``."""
    value = form.get(name, "")
    if not isinstance(value, str) or len(value) > most:
        raise error
    try:
        value.encode("utf-8")  # no lone surrogate (bytes that were not UTF-8)
    except UnicodeEncodeError:
        raise error from None
    return value.strip()
