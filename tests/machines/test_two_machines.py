"""What readers, commenters and editors see when the site runs on two app machines."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

from benchmarks.server import read_page
from tests.browsing import choose_picture, try_to_sign_in, write_comment
from tests.machines.conftest import EDITOR, EDITOR_EMAIL, POST

# Each server rereads the versions of what pages show at most a second after its last read
# (core.caching, without debug): a change made on one shows on every one after that.
A_SECOND = 1.05


def fetch(url, host=None):
    """An anonymous reader's GET: (status, X-Cache, page)."""
    return read_page(url, host)[:3]


def cached_on(machine, path):
    """Whether ``path`` is in the page cache as ``machine`` sees it (after reading it)."""
    fetch(f"{machine.url}{path}")
    return fetch(f"{machine.url}{path}")[1] == "hit"


def test_a_picture_published_on_one_machine_shows_with_its_post_on_the_other(machines, open_on):
    assert cached_on(machines.b, "/")
    editor = open_on(machines.a, EDITOR)
    editor.goto("/admin/blog/post/add/")
    title = "Kaksi konetta, yksi blogi"
    editor.fill("#id_title", title)
    editor.click(".CodeMirror")
    editor.keyboard.insert_text("Kuva ladattiin toisella koneella.")
    choose_picture(editor, "#id_featured_image", "kaksi.png", (1200, 630))
    editor.fill("#id_featured_image_alt", "Kaksi palvelinta rinnakkain")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_continue]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    expect(editor.locator(".errornote")).to_have_count(0)

    time.sleep(A_SECOND)
    reader = open_on(machines.b)
    reader.goto("/")
    reader.locator(".post-summary h2 a", has_text=title).click()
    expect(reader.locator("h1")).to_have_text(title)
    image = reader.locator("article img.featured-image")
    expect(image).to_have_attribute("alt", "Kaksi palvelinta rinnakkain")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert image.evaluate("img => img.currentSrc").startswith(f"{machines.media_origin}/")
    og_image = reader.locator("meta[property='og:image']").get_attribute("content")
    assert og_image.startswith(f"{machines.media_origin}/")
    assert reader.request.get(og_image).headers["content-type"] == "image/png"
    # Neither machine kept the upload: it is in the bucket alone.
    assert not (machines.a.folder / "media").exists()
    assert not (machines.b.folder / "media").exists()


def test_a_comment_sent_on_one_machine_is_moderated_on_the_other(machines, open_on):
    reader = open_on(machines.b)
    reader.goto(POST)
    body = "Luin tämän toiselta koneelta, kiitos!"
    assert write_comment(reader, "Liisa Lukija", "liisa@example.fi", body) == 200
    expect(reader.locator(".own-pending-comment")).to_contain_text(body)

    editor = open_on(machines.a, EDITOR)
    editor.goto("/admin/comments/comment/?status__exact=pending")
    row = editor.locator("#result_list tr", has_text=body)
    expect(row).to_have_count(1)
    row.locator("input[name=_selected_action]").check()
    editor.select_option("select[name=action]", "approve")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist")).to_be_visible()

    time.sleep(A_SECOND)
    for machine in (machines.a, machines.b):
        status, _cache, page = fetch(f"{machine.url}{POST}")
        assert status == 200 and body in page, machine.name

    # The task worker, on a machine of its own, told the post's author.
    deadline = time.monotonic() + 30
    while not machines.inbox.to(EDITOR_EMAIL) and time.monotonic() < deadline:
        time.sleep(0.2)
    (notice,) = machines.inbox.to(EDITOR_EMAIL)
    assert re.search(
        r"/admin/comments/comment/\d+/change/", notice.get_payload(decode=True).decode()
    )


def test_the_comment_rate_limit_counts_sends_on_both_machines(machines, open_on, settings):
    allowed, seconds = settings.COMMENTS_RATE_LIMIT
    post = "/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/"
    pages = [open_on(machines.a), open_on(machines.b)]
    # The limit counts in fixed windows: sends that cross into the next window start a new
    # count. The sends take a few seconds; they begin in a window with time for them all.
    left = seconds - time.time() % seconds
    if left < 30:
        time.sleep(left)
    statuses = []
    for number in range(allowed + 1):
        page = pages[number % 2]
        page.goto(post)
        statuses.append(write_comment(page, "Pekka", "pekka@example.fi", f"Kommentti {number}."))
    assert statuses == [200] * allowed + [429]
    refused = pages[allowed % 2]
    expect(refused.locator(".comment-form")).to_contain_text("Olet lähettänyt useita kommentteja")
    expect(refused.locator("#id_body")).to_have_value(f"Kommentti {allowed}.")


def test_one_change_retires_the_cached_pages_of_both_machines(machines, open_on):
    pages = ["/", POST, "/authors/tiina-toimittaja/", "/feeds/atom/"]
    for machine in (machines.a, machines.b):
        for path in pages:
            assert cached_on(machine, path), (machine.name, path)

    pk = machines.python(
        f"from blog.models import Post; print(Post.objects.get(slug={POST.split('/')[2]!r}).pk)"
    )
    editor = open_on(machines.a, EDITOR)
    editor.goto(f"/admin/blog/post/{pk}/change/")
    editor.fill("#id_title", "Esimies muiden silmin, kahdella koneella")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()

    time.sleep(A_SECOND)
    for machine in (machines.a, machines.b):
        for path in pages:
            status, _cache, page = fetch(f"{machine.url}{path}")
            assert status == 200, (machine.name, path)
            assert "Esimies muiden silmin, kahdella koneella" in page, (machine.name, path)


def test_a_burst_of_readers_after_a_change_costs_one_render_on_both_machines(machines):
    machines.python(
        "from blog.models import Post\n"
        f"post = Post.objects.get(slug={POST.split('/')[2]!r})\n"
        "post.excerpt = 'Kaikki lukijat yhtä aikaa.'\n"
        "post.save()\n"
    )
    time.sleep(A_SECOND)
    urls = [f"{machine.url}{POST}" for machine in (machines.a, machines.b)] * 12
    # Behind the load balancer, both machines are asked for the site by its one name.
    with ThreadPoolExecutor(max_workers=len(urls)) as readers:
        answers = list(readers.map(lambda url: fetch(url, host="127.0.0.1"), urls))
    assert {status for status, _cache, _page in answers} == {200}
    assert all("Kaikki lukijat yhtä aikaa." in page for _status, _cache, page in answers)
    assert [cache for _status, cache, _page in answers].count("miss") == 1


def test_the_sign_in_lockout_holds_on_both_machines(machines, open_on, settings):
    machines.python(
        "from django.contrib.auth import get_user_model\n"
        "get_user_model().objects.create_user("
        "'arvattava', password='Oikea-salasana-1', is_staff=True)\n"
    )
    pages = [open_on(machines.a), open_on(machines.b)]
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert try_to_sign_in(pages[number % 2], "arvattava", f"väärä-{number}") == 200
    assert try_to_sign_in(pages[1], "arvattava", "vielä väärä") == 429
    for page in pages:
        assert try_to_sign_in(page, "arvattava", "Oikea-salasana-1") == 429
        expect(page.locator("h1")).to_have_text("Liian monta epäonnistunutta kirjautumista")
