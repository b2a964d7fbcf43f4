"""An export's reader comments, written under their imported post.

Each keeps its name, email, website and time; its IP only as the salted hash new
comments get; its status (approved, pending, spam; trashed ones and pingbacks are left
out and counted). Our threads are one level deep: a reply to a reply hangs under the
top-level comment it descends from, in order. Nothing is emailed and no rate limit
counts: these were written long ago.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_noop

from comments.models import Comment
from comments.privacy import hash_ip
from core.notes import note
from core.rendering import COMMENT, shorten
from core.validators import web_url_validator
from importing.html_markdown import to_markdown
from importing.wxr import parse_date

STATUSES = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}
SKIPPED_TYPES = {"pingback", "trackback", "note"}


def _when(record, site_zone):
    return parse_date(record.date_gmt, datetime.UTC) or parse_date(record.date, site_zone)


def write_comments(discussions, site_zone, skipped):
    """Create the comments the posts do not have yet; return their ids.

    ``discussions`` lists ``(post, records, key_prefix)``: ``key_prefix`` plus a
    comment's id is its import key. ``skipped`` (a ``LeftOut``) hears what is left out. All the
    comments of a batch of posts are written in two inserts: threads, then replies.
    """
    discussions = [(post, records, prefix) for post, records, prefix in discussions if records]
    keys = [f"{prefix}#comment-{record.comment_id}" for _p, records, prefix in discussions
            for record in records]  # fmt: skip
    existing = dict(Comment.objects.filter(import_key__in=keys).values_list("import_key", "pk"))
    threads, replies = [], []
    for post, records, prefix in discussions:
        _comments_of(post, records, prefix, existing, site_zone, skipped, threads, replies)
    Comment.objects.bulk_create(threads)
    for reply in replies:
        reply.parent_id = reply.parent.pk
    Comment.objects.bulk_create(replies)
    return [comment.pk for comment in threads + replies]


def _comments_of(post, records, prefix, existing, site_zone, skipped, threads, replies):
    """Add ``post``'s new comments to ``threads`` (top level) and ``replies``."""
    parents = {record.comment_id: record.parent for record in records}
    # A comment id here -> the top-level comment (stored or new) it stands for.
    kept = {}
    # Oldest first, so that a reply's thread is met before it.
    for record in sorted(records, key=_written):
        key = f"{prefix}#comment-{record.comment_id}"
        status = STATUSES.get(record.approved)
        if record.comment_type in SKIPPED_TYPES:
            skipped.add(f"{record.comment_type}s")
            continue
        if status is None:
            skipped.add(f"comment ({record.approved or 'no status'})")
            continue
        if key in existing:
            kept[record.comment_id] = Comment(pk=existing[key])
            continue
        body, _notes = to_markdown(record.content)
        comment = Comment(
            post=post,
            parent=_top_level(record.parent, parents, kept),
            name=shorten(record.author, 100) or "?",
            email=_valid(record.author_email.strip()[:254], validate_email),
            # Shown as the name's link: only a web address, as the form would allow.
            website=_valid(record.author_url.strip()[:200], web_url_validator),
            body=shorten(body.strip(), COMMENT.max_length),
            status=status,
            created_at=_when(record, site_zone) or post.published_at,
            ip_hash=hash_ip(record.author_ip),
            moderation_note=note(gettext_noop("Imported.")),
            import_key=key,
        )
        comment.prepare()
        (replies if comment.parent else threads).append(comment)
        kept[record.comment_id] = comment


def _valid(value, validator):
    """``value`` when ``validator`` takes it, else nothing."""
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


def _written(record):
    number = record.comment_id
    return (record.date_gmt or record.date, int(number) if number.isdigit() else 0, number)


def _top_level(parent, parents, kept):
    """The top-level comment that ``parent`` descends from, or None."""
    seen = set()
    top = None
    while parent and parent != "0" and parent not in seen:
        seen.add(parent)
        if parent in kept:
            top = parent
        parent = parents.get(parent, "0")
    return kept.get(top) if top else None
