"""Pictures the site draws itself with Pillow: social cards, and the demo's pictures.

A link to a post shared in social media or chat shows the post's ``og:image``. A post
without a featured image gets a card instead of nothing: its title, its authors and the
site's name on the site's accent colour, drawn once when the post is saved, as Ghost
and WordPress's Jetpack do. The lettering is DejaVu Sans from npm (every Latin, Greek
and Cyrillic letter a name may have), installed with the site's other front-end files.
"""

import hashlib
import io
import logging
import random
from functools import cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from core.colours import rgb

logger = logging.getLogger(__name__)

CARD_SIZE = (1200, 630)
MARGIN = 80
FONT_FILES = {
    "bold": "DejaVuSans-Bold.ttf",
    "regular": "DejaVuSans.ttf",
}


@cache
def _font(weight, size):
    path = settings.NODE_MODULES / "dejavu-fonts-ttf" / "ttf" / FONT_FILES[weight]
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        # A site installed without its npm packages still saves posts; the card's letters
        # outside ASCII then show as boxes, and the log says why.
        logger.warning("The social cards' font is missing (%s): run make install.", path)
        return ImageFont.load_default(size)


def _wrapped(draw, text, font, width, max_lines):
    """``text`` in lines no wider than ``width``; the last shortened with … if it must be."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(f"{last}…", font=font) > width:
            last = last[:-1]
        lines[-1] = f"{last.rstrip()}…"
    return lines


def social_card(title, byline, site_name, accent):
    """A 1200 × 630 PNG: the title large, then the byline and the site's name."""
    image = Image.new("RGB", CARD_SIZE, rgb(accent))
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    # Long titles get a smaller size before they get an ellipsis.
    for size in (72, 60, 50):
        font = _font("bold", size)
        lines = _wrapped(draw, title, font, width, max_lines=4)
        if not lines[-1].endswith("…") or size == 50:
            break
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill="white")
        y += round(size * 1.2)
    small = _font("regular", 34)
    bottom = CARD_SIZE[1] - MARGIN
    if byline:
        byline = _wrapped(draw, byline, small, width, max_lines=1)[0]
        draw.text((MARGIN, bottom - 90), byline, font=small, fill="white")
    draw.text((MARGIN, bottom - 40), site_name, font=_font("bold", 34), fill="white")
    draw.rectangle((0, CARD_SIZE[1] - 16, CARD_SIZE[0], CARD_SIZE[1]), fill="white")
    buffer = io.BytesIO()
    # zlib's level 3: a third of the time of the smallest file, for a tenth more bytes.
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def initials(name):
    """ "Saija Vuorinen" -> "SV": the letters a writer without a photo is shown by."""
    return "".join(part[0] for part in name.split()[:2] if part[0].isalnum()).upper()


def illustration(seed, size=(1600, 900)):
    """A calm abstract picture as a JPEG, the same for the same ``seed``: the demo's
    featured images and covers, so that `make run` shows the theme with pictures without
    shipping photos."""
    return _jpeg(_drawn(seed, size), quality=82)


def portrait(name, size=512):
    """A demo writer's picture: her initials on an illustration of her own."""
    image = _drawn(name, (size, size))
    draw = ImageDraw.Draw(image)
    font = _font("bold", size // 3)
    draw.text((size / 2, size / 2), initials(name), font=font, fill="white", anchor="mm")
    return _jpeg(image, quality=85)


def _drawn(seed, size, palette=("#0b5cad", "#f2a541", "#e4572e", "#3f7d20")):
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    colours = [rgb(colour) for colour in palette]
    rng.shuffle(colours)
    image = Image.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = size
    for colour in colours[1:] * 2:
        radius = rng.randint(height // 4, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*colour, 170))
    return image


def _jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
