"""The accent colour editors choose, held to WCAG's contrast for text (1.4.3, 4.5:1).

Links, buttons and focus rings are drawn in it, on the light page and on the dark one;
one colour rarely reads on both, so the dark page gets a lighter shade of it, worked out
here on save.
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The surfaces of static/css/site.css nearest to the text's shade, light and dark (the
# footer's grey): a colour that reads there reads on every other surface of its scheme.
LIGHT_PAGE = "#f1f2f4"
DARK_PAGE = "#26282d"
TEXT_CONTRAST = 4.5
# Light text on a dark page glares less with room to spare: the dark shade aims higher.
DARK_CONTRAST = 7.0


def rgb(colour):
    """ "#0b5cad" -> (11, 92, 173)."""
    return tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))


def _channels(colour):
    return [value / 255 for value in rgb(colour)]


def _hex(channels):
    return "#" + "".join(f"{round(min(max(value, 0), 1) * 255):02x}" for value in channels)


def luminance(colour):
    linear = [
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in _channels(colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _towards(colour, target, page, needed=TEXT_CONTRAST):
    """The nearest mix of ``colour`` with ``target`` that reads on ``page``."""
    start, end = _channels(colour), _channels(target)
    for step in range(101):
        share = step / 100
        mixed = _hex([a + (b - a) * share for a, b in zip(start, end, strict=True)])
        if contrast(mixed, page) >= needed:
            return mixed
    return target


def readable_on_light(colour):
    """``colour`` darkened only as far as it must be to read on the light page."""
    return _towards(colour, "#000000", LIGHT_PAGE)


def readable_on_dark(colour):
    """``colour`` lightened until it reads easily on the dark page."""
    return _towards(colour, "#ffffff", DARK_PAGE, DARK_CONTRAST)
