"""WordPress.com posts scraped as text: title, body, then "Kirjoittaja <Name> on ..." bio."""

import re

from django.utils.translation import gettext_noop

from core.notes import note
from core.slugs import slugify_fi
from importing.records import ImportFormatError
from importing.text import (
    IMAGE_FILE_NAME,
    NO_AUTHOR,
    add_body_line,
    body_markdown,
    clean,
    new_post,
    noise_kind,
)

# The byline may be glued to a lost image's file name: "Riina_kuvaKirjoittaja Riina ...".
AUTHOR_LINE = re.compile(
    r"^(?P<image>\S*?)Kirjoittaja\s+"
    r"(?P<name>[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+){1,3})\s+(?P<rest>(on|viihtyy)\b.*)$"
)


def parse_author_line(text):
    """``(name, bio, glued image name)`` for a byline, or None for any other line."""
    match = AUTHOR_LINE.match(clean(text))
    if not match:
        return None
    name = match.group("name")
    return name, f"{name} {match.group('rest')}", match.group("image")


def parse(lines, source_name):
    """Yield the posts of a WordPress text; ``lines`` are the file's lines without ends."""
    post, body, seen_keys = None, [], {}
    for number, raw in enumerate(lines, start=1):
        text = clean(raw)
        if post is None:
            if not text or noise_kind(text) == "ad slot":
                continue
            if parse_author_line(text):
                raise ImportFormatError(
                    f"{source_name}:{number}: a byline with no post before it: "
                    "each post starts with its title line."
                )
            post, body = new_post(text, number), []
            continue
        byline = parse_author_line(text)
        if byline is None:
            add_body_line(body, raw, post, source_name)
            continue
        post.author_name, post.author_bio, image = byline
        if image:
            post.notes.append(note(IMAGE_FILE_NAME, text=image))
            post.images_lost += 1
        yield _finish(post, body, seen_keys, source_name)
        post = None
    if post is not None:
        post.notes.append(note(NO_AUTHOR))
        yield _finish(post, body, seen_keys, source_name)


def _finish(post, body, seen_keys, source_name):
    if not any(clean(raw) for raw in body):
        raise ImportFormatError(
            f"{source_name}:{post.line}: the post {post.title!r} has no text: "
            "is a byline missing before it?"
        )
    post.body = body_markdown(body, post)
    # Keyed by author and title: stable across runs and file names, and two blogs' posts of
    # the same title by different people stay apart.
    # Bounded, so that the key fits its 200 characters whatever the byline says.
    author = slugify_fi(post.author_name)[:60] or "unattributed"
    base = f"wordpress:{author}:{slugify_fi(post.title)[:120]}"
    seen_keys[base] = seen_keys.get(base, 0) + 1
    post.key = base if seen_keys[base] == 1 else f"{base}:{seen_keys[base]}"
    post.notes.insert(
        0, note(gettext_noop("The source has no date: set the real publication time."))
    )
    return post
