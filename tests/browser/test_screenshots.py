"""The main pages at phone and desktop width, light and dark: pictures of the theme for the
README (docs/screenshots/), and a check on each that nothing is wider than the screen."""

import pytest
from PIL import Image

from benchmarks.server import ROOT

SCREENSHOTS = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "post": "/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/",
    "author": "/authors/saija-vuorinen/",
    "tag": "/tags/asiakaspalvelu/",
}
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_and_is_pictured(browse, name, size, scheme):
    width, height = SIZES[size]
    page = browse(viewport={"width": width, "height": height}, color_scheme=scheme)
    page.goto(PAGES[name])
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow} px wider than a {width} px screen"
    broken = page.evaluate(
        "[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"pictures that did not load: {broken}"
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}-{size}-{scheme}.jpg"
    page.screenshot(path=path, type="jpeg", quality=80)
    with Image.open(path) as shot:
        assert shot.size == (width, height)
        corner = shot.convert("L").getpixel((width - 2, height - 2))
    # The page's own background, not a blank: light is light, dark is dark.
    assert (corner > 200) if scheme == "light" else (corner < 60), corner
