"""Writing parsed posts to the database: idempotent, all-or-nothing, in batches.

Each post has a stable import key. A re-run finds it by that key and leaves it alone when
the source is unchanged; a changed source updates it, unless someone has edited the post
since it was imported ("kept local edits"). Everything happens in one transaction, so a
bad file anywhere leaves the database as it was.
"""

import datetime
import json
import os
import tempfile
import textwrap
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog.caching import content_changed
from blog.importers.records import ImportFormatError
from blog.importers.sources import check_encoding, expand_paths, parse_file
from blog.importers.tag_rules import TagRules
from blog.models import Post, PostAuthor, fingerprint
from blog.slugs import slugify_fi

BATCH_SIZE = 250
CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept local edits"


@dataclass
class ImportReport:
    files: list = field(default_factory=list)
    outcomes: dict = field(
        default_factory=lambda: dict.fromkeys([CREATED, UPDATED, UNCHANGED, KEPT], 0)
    )
    authors_created: int = 0
    authors_updated: int = 0
    date_unknown: int = 0
    unattributed: int = 0
    images_lost: int = 0
    posts: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self):
        return sum(self.outcomes.values())


class Importer:
    def __init__(
        self, *, default_author="", status=Post.Status.PUBLISHED, now=None, list_posts=True
    ):
        self.default_author = " ".join(default_author.split())
        # A line per post is kept only when wanted, so memory stays flat for big imports.
        self.list_posts = list_posts
        self.status = status
        self.now = now or timezone.now().replace(microsecond=0)
        self.report = ImportReport()
        self._authors = {}
        self._tags = {}
        self._slugs = set()
        self._keys = set()
        self._undated = 0

    def run(self, paths, *, fmt="auto", encoding="utf-8", dry_run=False, fixture_out=None,
            on_bytes=None):  # fmt: skip
        """Import every file under ``paths``; return the report. Raises ImportFormatError."""
        check_encoding(encoding)
        files = expand_paths(paths)
        self.report.dry_run = dry_run
        with transaction.atomic():
            for path in files:
                self._import_file(path, fmt, encoding, on_bytes)
            if fixture_out and not dry_run:
                write_fixture(self._keys, fixture_out)
            if dry_run:
                transaction.set_rollback(True)
            else:
                content_changed()
        return self.report

    def _import_file(self, path, fmt, encoding, on_bytes):
        detected, posts = parse_file(path, fmt, encoding, on_bytes)
        rules = TagRules.beside(path)
        count = 0
        while batch := list(islice(posts, BATCH_SIZE)):
            self._write_batch(batch, path, rules)
            count += len(batch)
        self.report.files.append((str(path), detected, count))

    def _write_batch(self, batch, path, rules):
        existing = Post.objects.in_bulk([p.key for p in batch], field_name="import_key")
        new = []
        for parsed in batch:
            if parsed.key in self._keys:
                raise ImportFormatError(
                    f"{path}:{parsed.line}: the post {parsed.title!r} was already imported "
                    "in this run from another file: import each source once."
                )
            self._keys.add(parsed.key)
            author = self._author(parsed.author_name or self.default_author, parsed.author_bio)
            tags = sorted({*parsed.tags, *rules.tags_for(parsed.title, parsed.body)})
            source_hash = fingerprint(
                parsed.title,
                parsed.body,
                author.display_name if author else "",
                parsed.published_at.isoformat() if parsed.published_at else "",
                tags,
                parsed.notes,
            )
            post = existing.get(parsed.key)
            if post is None:
                post = self._new_post(parsed, path, source_hash)
                new.append((post, author, tags))
                outcome = CREATED
            else:
                outcome = self._update(post, parsed, path, source_hash, author, tags)
            self._count(outcome, parsed, author)
        Post.objects.bulk_create([post for post, _, _ in new])
        PostAuthor.objects.bulk_create(
            PostAuthor(post=post, author=author, position=0) for post, author, _ in new if author
        )
        post_type = ContentType.objects.get_for_model(Post)
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=post_type, object_id=post.pk, tag=self._tag(name))
            for post, _, tags in new
            for name in tags
        )

    def _new_post(self, parsed, path, source_hash):
        published_at = parsed.published_at
        if published_at is None:
            # No date in the source: keep its order (first is newest) a second apart.
            published_at = self.now - datetime.timedelta(seconds=self._undated)
            self._undated += 1
        post = Post(
            title=parsed.title,
            body=parsed.body,
            status=self.status,
            published_at=published_at,
            date_unknown=parsed.published_at is None,
            created_at=self.now,
            import_key=parsed.key,
            import_source=Path(path).name,
            import_notes="\n".join(parsed.notes),
            import_source_hash=source_hash,
        )
        post.prepare(reserved_slugs=self._slugs)
        post.import_content_hash = post.content_hash()
        self._slugs.add(post.slug)
        return post

    def _update(self, post, parsed, path, source_hash, author, tags):
        if post.import_source_hash == source_hash:
            return UNCHANGED
        if post.content_hash() != post.import_content_hash:
            return KEPT
        post.title = parsed.title
        post.body = parsed.body
        post.import_source = Path(path).name
        post.import_notes = "\n".join(parsed.notes)
        post.import_source_hash = source_hash
        post.import_content_hash = post.content_hash()
        post.save()
        if author and author not in post.author_list:
            # An author an editor assigned stays; the source's author joins the byline.
            post.set_authors([author, *post.author_list])
        post.tags.add(*tags)
        return UPDATED

    def _count(self, outcome, parsed, author):
        report = self.report
        report.outcomes[outcome] += 1
        if self.list_posts:
            report.posts.append((outcome, parsed.key, parsed.title))
        report.date_unknown += parsed.published_at is None
        report.unattributed += author is None
        report.images_lost += parsed.images_lost

    def _author(self, name, bio):
        """The profile for ``name``, made or updated from its byline; None for no name.

        One person is one profile across files and runs. Within a run the first byline
        wins: sources list the newest post first, so that is the current bio.
        """
        if not name:
            return None
        key = name.casefold()
        if key in self._authors:
            return self._authors[key]
        author = Author.objects.filter(display_name__iexact=name).first()
        if author is None:
            author = Author(user=_new_user(name), display_name=name, bio=bio, imported_bio=bio)
            author.save()
            self.report.authors_created += 1
        elif bio and author.bio != bio and author.bio == author.imported_bio:
            author.bio = author.imported_bio = bio
            author.save()
            self.report.authors_updated += 1
        self._authors[key] = author
        return author

    def _tag(self, name):
        if name not in self._tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            self._tags[name] = tag or Tag.objects.create(name=name)
        return self._tags[name]


def _new_user(name):
    users = get_user_model()
    base = slugify_fi(name) or "author"
    username, number = base, 2
    while users.objects.filter(username=username).exists():
        username, number = f"{base}-{number}", number + 1
    first, _, last = name.partition(" ")
    user = users(username=username, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user


def write_fixture(import_keys, destination):
    """Write the imported posts, their authors, users and tags as a loaddata fixture.

    Records are streamed in chunks, so memory stays flat however many posts there are.
    """
    posts = Post.objects.filter(import_key__in=import_keys).order_by("pk")
    bylines = PostAuthor.objects.filter(post__in=posts).order_by("pk")
    authors = Author.objects.filter(bylines__in=bylines).distinct().order_by("pk")
    users = get_user_model().objects.filter(author_profile__in=authors).order_by("pk")
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id__in=posts.values("pk")
    ).order_by("pk")
    tags = Tag.objects.filter(taggit_taggeditem_items__in=tagged).distinct().order_by("pk")
    user_fields = ["username", "first_name", "last_name", "password", "is_active"]
    # Users and tags go by name, not id, so loading never overwrites an existing account.
    sections = [
        (users, {"fields": user_fields, "use_natural_primary_keys": True}),
        (authors, {}),
        (tags, {"use_natural_primary_keys": True}),
        (posts, {}),
        (bylines, {}),
        (tagged, {}),
    ]
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a failed write never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        separator = "[\n"
        for queryset, options in sections:
            for chunk in _chunks(queryset.iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
                for record in serializers.serialize(
                    "python", chunk, use_natural_foreign_keys=True, **options
                ):
                    text = json.dumps(record, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
                    stream.write(separator + textwrap.indent(text, "  "))
                    separator = ",\n"
        stream.write("\n]\n" if separator != "[\n" else "[]\n")
    os.replace(temporary, destination)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
