"""The language a browser asks for (the Accept-Language header), as one of
the languages the portal offers.

"nb-NO", "no" and "nb" are bokmål, "nn-NO" nynorsk; a region ("ar-EG",
"en-GB") counts as its language. Weights (q=) order the wishes, a weight of 0
refuses a language, and among equal weights the header's order holds.
"""

BOKMAL_ALIASES = frozenset({"no", "nb"})


def _base(tag: str) -> str:
    base = tag.strip().lower().replace("_", "-").split("-")[0]
    return "nb" if base in BOKMAL_ALIASES else base


def _weight(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def wishes(header: str | None) -> list[str]:
    """The languages of ``header``, most wanted first, without refusals."""
    found = []
    for position, part in enumerate((header or "")[:500].split(",")):
        tag, *parameters = part.split(";")
        base = _base(tag)
        weight = _weight(parameters)
        if base and base != "*" and weight > 0:
            found.append((-weight, position, base))
    return list(dict.fromkeys(base for _w, _p, base in sorted(found)))


def browser_choice(header: str | None, offered) -> str | None:
    """The first language of ``header`` that is ``offered``, or None."""
    offered = set(offered)
    for language in wishes(header):
        if language in offered:
            return language
    return None
