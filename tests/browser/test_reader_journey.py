"""A reader browses the blog in Chromium: paging, a post, a tag, an author, search, feeds,
the language switch, and the same on a phone."""

import re
import time

import feedparser
import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}


def test_reader_pages_on_and_opens_a_post_its_tag_and_its_author(page):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Uusimmat kirjoitukset")
    expect(page.locator(".post-summary")).to_have_count(10)
    page.click(".pagination a[rel=next]")
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator(".pagination")).to_contain_text("Sivu 2/3")
    page.click(".pagination a[rel=prev]")

    page.click("text=Empatiaa ja asiakaspalvelua samassa paketissa")
    expect(page).to_have_url(re.compile("/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/$"))
    expect(page.locator("h1")).to_have_text("Empatiaa ja asiakaspalvelua samassa paketissa")

    page.locator("article .tags a", has_text="empatia").first.click()
    expect(page.locator("h1")).to_have_text("Aihe: empatia")
    expect(page.locator(".post-summary h2")).to_contain_text(
        ["Empatiaa ja asiakaspalvelua samassa paketissa"]
    )

    page.locator(".post-summary .p-author").first.click()
    expect(page.locator("h1.p-name")).to_be_visible()
    author = page.locator("h1.p-name").inner_text()
    assert author in {"Saija Vuorinen", "Marjaana Jokinen", "Riina Michelsson"}
    expect(page.locator(".post-summary").first).to_be_visible()


@pytest.mark.parametrize("typed", ["asiakaspalvelu", "tyoelama"])
def test_reader_searches_in_finnish_with_or_without_diacritics(page, typed):
    page.goto("/")
    page.fill("#search-q", typed)
    page.press("#search-q", "Enter")
    expect(page).to_have_url(re.compile(rf"/search/\?q={typed}$"))
    expect(page.locator("[role=status]")).to_contain_text(f"”{typed}”")
    assert page.locator(".post-summary").count() >= 1


def test_reader_finds_the_feeds_and_they_list_the_newest_posts(page):
    page.goto("/")
    atom = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    response = page.request.get(atom)
    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    newest = page.locator(".post-summary h2").first.inner_text()
    assert feed.entries[0].title == newest
    page.click("footer .feed-links >> text=Atom")
    assert page.url.endswith(atom)


def test_reader_switches_to_english_and_back(page):
    page.goto("/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/")
    page.select_option("#language", "en")
    page.click(".language-form button")
    expect(page).to_have_url(re.compile("/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav[aria-label=Main]")).to_contain_text("Authors")
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Latest posts")

    page.select_option("#language", "fi")
    page.click(".language-form button")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_text("Uusimmat kirjoitukset")


def test_on_a_phone_pages_fit_the_screen_and_everything_is_reachable(browse):
    page = browse(viewport=PHONE, is_mobile=True)
    for path in ["/", "/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/", "/authors/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
    page.goto("/")
    page.fill("#search-q", "empatia")
    page.press("#search-q", "Enter")
    expect(page.locator(".post-summary").first).to_be_visible()
    page.click("nav >> text=Kirjoittajat")
    expect(page.locator("h1")).to_have_text("Kirjoittajat")


def mail_to(site, address, timeout=30):
    """The text of the newest mail the site sent to ``address``, waiting for the worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = site.inbox.to(address)
        if messages:
            message = messages[-1]
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            return part.get_payload(decode=True).decode()
        time.sleep(0.2)
    raise AssertionError(f"no mail reached {address} in {timeout} s")


def test_reader_follows_by_email_confirms_through_the_mail_and_unsubscribes(page, site):
    address = "seuraaja@example.fi"
    page.goto("/authors/saija-vuorinen/")
    page.fill("#follow-email", address)
    page.click(".follow-short button")
    expect(page.locator("#id_email")).to_have_value(address)
    expect(page.locator(".follow-form")).to_contain_text("Saija Vuorinen")
    page.wait_for_timeout(1100)
    page.click(".follow-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Katso sähköpostisi")

    confirm = re.search(r"https?://[^/\s]+(/follow/confirm/\S+)", mail_to(site, address))
    page.goto(confirm.group(1))
    page.click("text=Kyllä, lähetä minulle uudet kirjoitukset")
    expect(page.locator("h1")).to_have_text("Vahvistettu")
    expect(page.locator(".follows")).to_contain_text("Saija Vuorinen")

    page.click("text=Muuta tilaustasi")
    page.click("text=Lopeta kaikki viestit ja unohda osoitteeni")
    expect(page.locator("h1")).to_have_text("Tilaus lopetettu")
    assert (
        site.python(
            "from following.models import Follower; "
            f"print(Follower.objects.filter(email='{address}').exists())"
        )
        == "False"
    )
