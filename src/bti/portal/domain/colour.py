"""Colour contrast as WCAG 2.1 measures it (success criterion 1.4.3).

A site's colour (its theme colour setting) is used for white text on it and for
links and outline buttons on white and on light greys; :func:`readable` darkens
a colour until both read at 4.5:1 or better."""

# The lightest background our colour sits on (Bootstrap's card footers).
LIGHT_GREY = "#f8f8f9"
AA = 4.5


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, background: str = LIGHT_GREY, ratio: float = AA) -> str:
    """``colour`` (#rrggbb), or the first darker shade of it with ``ratio``
    against ``background`` (and so against white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    shade = colour.lower()
    for step in range(101):
        keep = 1 - step / 100
        shade = f"#{round(r * keep):02x}{round(g * keep):02x}{round(b * keep):02x}"
        if contrast(shade, background) >= ratio:
            break
    return shade
