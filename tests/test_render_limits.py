"""Markdown renders in time proportional to its length, whatever it contains, and the
length is limited wherever Markdown comes in (forms, previews; imports in test_import_posts).

Speed itself is measured by `make bench-render`. Here the work is counted, not timed: the
Python bytecode instructions run while rendering, the same on every machine.
"""

import sys
from http import HTTPStatus

import pytest

from benchmarks.hostile_markdown import FAMILIES, body
from core import markdown_limits
from core.rendering import BIO, COMMENT, POST, render_markdown
from tests.authoring import ADMIN, edit, member, post_of


def instructions_run(function, *arguments):
    count = 0

    def tracer(frame, event, argument):
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        function(*arguments)
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def _warm_renderer():
    """Compiles every pattern once, so that the first count is not the compiling."""
    render_markdown("[a](b) *c* <d>\n\n- e\n\n| a | b |\n|-|-|\n\nf\n: g\n\n> h\n---", POST)


@pytest.mark.usefixtures("_warm_renderer")
@pytest.mark.parametrize("unit", FAMILIES.values(), ids=FAMILIES.keys())
def test_hostile_markdown_costs_in_proportion_to_its_length(unit):
    short = instructions_run(render_markdown, body(unit, 400), POST)
    long = instructions_run(render_markdown, body(unit, 3200), POST)
    # Eight times the text: about eight times the work, where it was from 13 to hundreds.
    assert long < 10 * short


def test_open_brackets_are_shown_as_typed():
    assert render_markdown("[" * 3000, COMMENT) == f"<p>{'[' * 3000}</p>"


def test_stacked_list_markers_nest_a_few_levels_and_stay_text_after():
    html = render_markdown("1. " * 1000 + "loppu", POST)
    assert html.count("<ol>") == markdown_limits.MAX_NESTING
    assert "1. 1. 1." in html and html.count("loppu") == 1


def test_stacked_quote_markers_nest_a_few_levels():
    html = render_markdown("> " * 500 + "lainaus", COMMENT)
    assert html.count("<blockquote>") == markdown_limits.MAX_NESTING
    assert "lainaus" in html


def test_links_nested_three_deep_and_long_addresses_still_work():
    address = "https://example.fi/" + "a" * 2000
    html = render_markdown(f"[a [b [c [d]]]]({address}) ja [x](https://example.fi)", POST)
    assert f'href="{address}"' in html
    assert "a [b [c [d]]]</a>" in html and 'href="https://example.fi"' in html


def test_a_long_table_stays_one_table():
    rows = "".join(f"| {number} | rivi {number} |\n" for number in range(500))
    html = render_markdown("| a | b |\n|---|---|\n" + rows, POST)
    assert html.count("<table>") == 1 and html.count("<tr>") == 501


def test_a_long_list_stays_one_list():
    html = render_markdown("".join(f"- kohta {number}\n" for number in range(250)), POST)
    assert html.count("<ul>") == 1 and html.count("<li>") == 250


def test_a_tag_that_never_ends_is_text():
    html = render_markdown("Ennen <a href='x " + "sanoja " * 400, POST)
    assert html.startswith("<p>Ennen &lt;a href='x sanoja")


def test_tags_that_end_are_still_html():
    html = render_markdown('<abbr title="Henkilöstöhallinto">HR</abbr> ja <em>tämä</em>', POST)
    assert '<abbr title="Henkilöstöhallinto">HR</abbr>' in html and "<em>tämä</em>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "allowlist"),
    [(f"{ADMIN}preview/", POST), ("/admin/authors/author/preview/", BIO)],
    ids=["post", "bio"],
)
def test_preview_longer_than_the_limit_is_refused_with_the_limit(url, allowlist):
    _user, client = member("Author")
    assert client.post(url, {"text": "a" * allowlist.max_length}).status_code == HTTPStatus.OK
    response = client.post(url, {"text": "a" * (allowlist.max_length + 1)})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert f"{allowlist.max_length + 1} " in response.json()["error"]
    assert f"{allowlist.max_length} " in response.json()["error"]


@pytest.mark.django_db
def test_post_body_over_the_limit_is_refused_and_kept_in_the_form():
    user, client = member("Author")
    post = post_of(user, body="Alku.")
    too_long = "sana " * (POST.max_length // 5) + "loppu"
    response = edit(client, post, body=too_long)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert f"enintään {POST.max_length} merkkiä" in page
    assert "loppu</textarea>" in page
    post.refresh_from_db()
    assert post.body == "Alku."


@pytest.mark.django_db
def test_bio_over_the_limit_is_refused():
    user, client = member("Author")
    author = user.author_profile
    response = client.post(
        f"/admin/authors/author/{author.pk}/change/",
        {"display_name": author.display_name, "slug": author.slug, "bio": "x" * 5001},
    )
    assert response.status_code == HTTPStatus.OK
    assert "enintään 5000 merkkiä" in response.content.decode()
    author.refresh_from_db()
    assert author.bio != "x" * 5001


@pytest.mark.parametrize("allowlist", [POST, COMMENT], ids=["post", "comment"])
def test_a_less_than_sign_in_code_is_shown_as_typed(allowlist):
    html = render_markdown("Vertailu `if a < b:` ja <3", allowlist)
    assert html == "<p>Vertailu <code>if a &lt; b:</code> ja &lt;3</p>"
