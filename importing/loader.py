"""Writing parsed posts to the database: idempotent, all-or-nothing, in short batches.

Each post has a stable import key. A re-run finds it by that key and leaves it alone when
the source is unchanged; a changed source updates it, unless someone has edited the post
since it was imported ("kept local edits").

All or nothing, without holding the database: every file is first read to its end and
every post checked, writing nothing, so a bad file anywhere leaves the database as it
was. Posts are then written in batches of ``BATCH_SIZE``, each in a short transaction of
its own, so that the site's own writes (a reader's comment) wait for one batch rather
than for the whole import (on SQLite one writer at a time holds the database). Should
the database refuse a batch after others were written, a journal of what this run wrote
undoes it. A process killed mid-way leaves the batches it wrote; the same command run
again completes the import, since it is idempotent.
"""

import datetime
import gc
import json
import os
import tempfile
import textwrap
from array import array
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop, override
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog.models import Post, PostAuthor, PostImage, fingerprint
from comments.models import Comment
from core import redirects
from core.models import Redirect
from core.notes import note, note_text
from core.rendering import BIO, POST, shorten
from core.slugs import slugify_fi
from importing.comments import write_comments
from importing.links import old_hosts, point_links_home
from importing.matching import Orphans
from importing.media import MediaImporter
from importing.records import ImportFormatError, LeftOut
from importing.sources import SourceNotes, check_encoding, parse_file
from importing.tag_rules import TagRules
from importing.text import raise_too_long

TITLE_LENGTH = Post._meta.get_field("title").max_length
SLUG_LENGTH = Post._meta.get_field("slug").max_length
NAME_LENGTH = Author._meta.get_field("display_name").max_length
TAG_LENGTH = Tag._meta.get_field("name").max_length
USERNAME_LENGTH = get_user_model()._meta.get_field("username").max_length

# About a quarter of a second of rendering and writing: the longest a comment waits.
BATCH_SIZE = 50
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
    # Export files: what they hold that is not a post of this blog, by kind; what was
    # repaired in them.
    skipped: LeftOut = field(default_factory=LeftOut)
    comments_created: int = 0
    # The names of the tags the sources gave, and of those that were categories there.
    tags: set = field(default_factory=set)
    categories: set = field(default_factory=set)
    # Posts whose links to the old blog's posts now lead to the new addresses.
    links_changed: int = 0
    # An export's attachments: how many, which were not pictures, which were not brought
    # in (with why; the first few).
    attachments: int = 0
    attachments_not_pictures: int = 0
    attachments_missing: LeftOut = field(default_factory=LeftOut)
    # Pictures stored from the media folder (with --media).
    pictures: int = 0
    repairs: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.outcomes.values())


class Importer:
    def __init__(
        self,
        *,
        default_author="",
        status=Post.Status.PUBLISHED,
        now=None,
        list_posts=True,
        author_map=None,
    ):
        self.default_author = " ".join(default_author.split())
        # Source names (any case) -> the names of authors here, as given by the operator.
        self.author_map = {
            " ".join(old.split()).casefold(): " ".join(new.split())
            for old, new in (author_map or {}).items()
        }
        # A line per post is kept only when wanted, so memory stays flat for big imports.
        self.list_posts = list_posts
        self.status = status
        self.now = now or timezone.now().replace(microsecond=0)
        # Where an export's dates without a zone were written: the site's own.
        self.site_zone = timezone.get_default_timezone()
        self.report = ImportReport()
        self._authors = {}
        # Names already counted as created or updated: a dry run meets them again.
        self._counted_authors = set()
        self._tags = {}
        # Slugs given out in this batch (or, in a dry run, this run), not yet in the table.
        self._slugs = set()
        # Every post's key in the sources of this run, as checked before writing.
        self._checked_keys = set()
        self._orphans = Orphans(self._checked_keys)
        self._undated = 0
        self._journal = None
        self._mapped = {}
        self._attachments = {}
        self._media = None
        self._old_hosts = set()
        self._tag_pages = set()

    def run(self, files, *, fmt="auto", encoding="utf-8", dry_run=False, fixture_out=None,
            on_bytes=None, media=None):  # fmt: skip
        """Import ``files`` (see ``sources.expand_paths``); return the report.

        Raises ImportFormatError, with nothing written. ``on_bytes`` hears of every byte
        twice: once as it is checked, once as it is written. ``media``: a copy of the old
        blog's media folder, where the posts' pictures are found.
        """
        check_encoding(encoding)
        if media and not Path(media).is_dir():
            raise ImportFormatError(
                f"--media {media}: no such folder. Give a copy of the old blog's "
                "wp-content/uploads (or the folder its pictures were saved in)."
            )
        self._media = MediaImporter(media, dry_run=dry_run)
        mapped = self._mapped_authors()
        destination = fixture_destination(fixture_out) if fixture_out and not dry_run else None
        for path in files:
            self._check_file(path, fmt, encoding, on_bytes)
        self.report.dry_run = dry_run
        self._mapped = mapped
        with Journal(self._media.created) as self._journal:
            try:
                for path in files:
                    self._import_file(path, fmt, encoding, on_bytes, dry_run)
                self._bring_attachments()
                if not dry_run:
                    # Every post of the run has its new address by now.
                    with transaction.atomic():
                        self.report.links_changed = point_links_home(
                            self._checked_keys, self._old_hosts, self._journal.remember
                        )
            except BaseException as error:
                # Interrupted too (Ctrl-C): what was written goes, as after a bad file.
                self._journal.undo()
                if isinstance(error, DatabaseError):
                    raise ImportFormatError(
                        f"the database refused a write ({error}); what this import had "
                        "written was undone: mend the database and run the import again."
                    ) from error
                raise
        self.report.pictures = self._media.brought
        if destination and not dry_run:
            write_fixture(self._checked_keys, destination)
        return self.report

    def _bring_attachments(self):
        """The exports' attachments into the image library, from the media folder."""
        report = self.report
        for attachments in self._attachments.values():
            for address, _alt in attachments.values():
                report.attachments += 1
                if self._media.folder is None:
                    continue
                if not self._media.folder.is_picture(address):
                    report.attachments_not_pictures += 1
                    continue
                picture, why = self._media.picture(address)
                if picture is None:
                    # The report is in English, as the rest of the command's output.
                    with override("en"):
                        reason = note_text(why)
                    report.attachments_missing.add("attachment", f"{address} ({reason})")

    def _mapped_authors(self):
        """The authors ``author_map`` names, found before anything is read or written."""
        found = {}
        for old, new in self.author_map.items():
            author = Author.objects.filter(display_name__iexact=new).first()
            author = author or Author.objects.filter(slug=new).first()
            if author is None:
                names = ", ".join(Author.objects.values_list("display_name", flat=True)[:20])
                raise ImportFormatError(
                    f"--author-map: there is no author {new!r} here to map {old!r} to. "
                    f"Give an author's name or address slug{': ' + names if names else ''}."
                )
            found[old] = author
        return found

    def _check_file(self, path, fmt, encoding, on_bytes):
        """Read one file to its end, writing nothing: every error the source can have."""
        TagRules.beside(path)
        seen = SourceNotes()
        _detected, posts = parse_file(path, fmt, encoding, on_bytes, seen=seen)
        for parsed in posts:
            if parsed.key in self._checked_keys:
                raise ImportFormatError(
                    f"{path}:{parsed.line}: the post {parsed.title!r} was already imported "
                    "in this run from another file: import each source once."
                )
            self._checked_keys.add(parsed.key)
            self._old_hosts |= old_hosts(parsed.old_urls)
            if len(parsed.body) > POST.max_length:
                raise_too_long(parsed, path)
        # Featured images are attachments, which an export may list after their posts.
        self._attachments[str(path)] = seen.attachments

    def _import_file(self, path, fmt, encoding, on_bytes, dry_run):
        seen = SourceNotes()
        detected, posts = parse_file(path, fmt, encoding, on_bytes, seen=seen)
        rules = TagRules.beside(path)
        count = 0
        while batch := list(islice(posts, BATCH_SIZE)):
            with transaction.atomic():
                self._write_batch(batch, path, rules)
                # A dry run writes each batch and takes it back: the report counts what
                # would happen, and the database is never held for long.
                transaction.set_rollback(dry_run)
            if dry_run:
                # Their rows are gone, and their ids will be given out again.
                self._authors.clear()
                self._tags.clear()
            else:
                # The table has them now.
                self._slugs.clear()
            count += len(batch)
            del batch
            # A post and its image field's file point at each other: Python frees such
            # cycles only at a full collection, which comes late in a long import.
            gc.collect()
        self.report.files.append((str(path), detected, count))
        self.report.skipped.update(seen.skipped)
        self.report.repairs.extend(seen.repairs)

    def _write_batch(self, batch, path, rules):
        existing = Post.objects.in_bulk([p.key for p in batch], field_name="import_key")
        for parsed in batch:
            if parsed.key not in existing and (orphan := self._orphans.claim(parsed)):
                existing[parsed.key] = orphan
        new = []
        posts = []
        for parsed in batch:
            featured = self._bring_pictures(parsed, path)
            author = self._author(
                parsed.author_name or self.default_author, parsed.author_bio, parsed.author_email
            )
            byline = [author] if author else []
            for name, email in parsed.co_authors:
                if (co_author := self._author(name, "", email)) and co_author not in byline:
                    byline.append(co_author)
            tags = sorted({*parsed.tags, *rules.tags_for(parsed.title, parsed.body)})
            tags = [_fit(name, TAG_LENGTH, parsed, TAG_CUT) for name in tags]
            source_hash = fingerprint(
                parsed.title,
                parsed.body,
                # One author hashes as before bylines came: earlier imports stay unchanged.
                ", ".join(writer.display_name for writer in byline),
                parsed.published_at.isoformat() if parsed.published_at else "",
                tags,
                parsed.notes,
            )
            post = existing.get(parsed.key)
            if post is None:
                post = self._new_post(parsed, path, source_hash, featured)
                new.append((post, byline, tags))
                outcome = CREATED
            else:
                outcome = self._update(post, parsed, path, source_hash, byline, tags, featured)
            self._count(outcome, parsed, author)
            posts.append((parsed, post))
        Post.objects.bulk_create([post for post, _, _ in new])
        self._journal.created_posts.extend(post.pk for post, _, _ in new)
        PostAuthor.objects.bulk_create(
            PostAuthor(post=post, author=author, position=position)
            for post, byline, _ in new
            for position, author in enumerate(byline)
        )
        post_type = ContentType.objects.get_for_model(Post)
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=post_type, object_id=post.pk, tag=self._tag(name))
            for post, _, tags in new
            for name in tags
        )
        # Written in bulk, without the signals that index a post's tags and authors.
        Post.objects.filter(pk__in=[post.pk for post, _, _ in new]).refresh_search_labels()
        moves = [move for parsed, post in posts for move in self._old_addresses(parsed, post)]
        self._journal.created_redirects.extend(redirects.moved_all(moves))
        created = write_comments(
            [(post, parsed.comments, parsed.key) for parsed, post in posts],
            self.site_zone,
            self.report.skipped,
        )
        self._journal.created_comments.extend(created)
        self.report.comments_created += len(created)

    def _bring_pictures(self, parsed, path):
        """Point ``parsed`` at the pictures of the media folder; the rest leave its body
        for its notes. Return the featured image as an upload (or None)."""
        parsed.body, notes, lost = self._media.rewrite(parsed.body)
        parsed.notes.extend(notes)
        parsed.images_lost += lost
        if not parsed.featured_image_id:
            return None
        address, alt = self._attachments[str(path)].get(parsed.featured_image_id, ("", ""))
        if not address:
            parsed.notes.append(
                note(
                    gettext_noop("Featured image left out: the export has no attachment %(id)s."),
                    id=parsed.featured_image_id,
                )
            )
            return None
        upload, notes = self._media.featured_image(address)
        parsed.notes.extend(notes)
        parsed.images_lost += bool(notes)
        return (upload, alt) if upload else None

    def _new_post(self, parsed, path, source_hash, featured):
        published_at = parsed.published_at
        if published_at is None:
            # No date in the source: keep its order (first is newest) a second apart.
            published_at = self.now - datetime.timedelta(seconds=self._undated)
            self._undated += 1
        post = Post(
            title=_fit(parsed.title, TITLE_LENGTH, parsed, TITLE_CUT),
            slug=self._free_slug(parsed.slug),
            body=parsed.body,
            excerpt=parsed.excerpt,
            # An export says each post's status; scraped text leaves it to --status.
            status=parsed.status or self.status,
            published_at=published_at,
            date_unknown=parsed.published_at is None,
            created_at=self.now,
            import_key=parsed.key,
            import_source=Path(path).name,
            import_notes=parsed.notes,
            import_source_hash=source_hash,
        )
        if featured:
            post.featured_image, post.featured_image_alt = featured[0], featured[1][:250]
        post.prepare(reserved_slugs=self._slugs)
        if featured:
            self._media.remember(post.featured_image_info)
        post.import_content_hash = post.content_hash()
        self._slugs.add(post.slug)
        return post

    def _old_addresses(self, parsed, post):
        """(old, new) for the old blog's addresses of this post and of its tags, which
        answer 301 to the new ones; a draft's were never given to readers."""
        if post.status != Post.Status.PUBLISHED:
            return []
        moves = [(_path(url), post.get_absolute_url()) for url in parsed.old_urls]
        for path, name in parsed.old_tag_pages:
            if path not in self._tag_pages:
                # Every post of a tag names its page: once a run is enough.
                self._tag_pages.add(path)
                moves.append((path, reverse("blog:tag", kwargs={"slug": self._tag(name).slug})))
        return [(old, new) for old, new in moves if old and old != "/"]

    def _free_slug(self, wanted):
        """The source's own slug when no other post has it; else empty (made from the title)."""
        slug = slugify_fi(unquote(wanted))[:SLUG_LENGTH].strip("-")
        if not slug or slug in self._slugs or Post.objects.filter(slug=slug).exists():
            return ""
        return slug

    def _update(self, post, parsed, path, source_hash, byline, tags, featured):
        if post.import_source_hash == source_hash and post.import_key == parsed.key:
            return UNCHANGED
        self._journal.remember(post)
        if post.content_hash() != post.import_content_hash:
            # Edited here since: the edits stay, and the post answers to its new key.
            Post.objects.filter(pk=post.pk).update(import_key=parsed.key)
            return KEPT
        post.import_key = parsed.key
        if parsed.published_at is not None:
            # A dated source's date was corrected (or its time of day).
            post.published_at, post.date_unknown = parsed.published_at, False
        post.title = _fit(parsed.title, TITLE_LENGTH, parsed, TITLE_CUT)
        post.body = parsed.body
        post.import_source = Path(path).name
        post.import_notes = parsed.notes
        post.import_source_hash = source_hash
        post.import_content_hash = post.content_hash()
        featured = featured if featured and not post.featured_image else None
        if featured:
            post.featured_image, post.featured_image_alt = featured[0], featured[1][:250]
        post.save()
        if featured:
            self._media.remember(post.featured_image_info)
        if missing := [author for author in byline if author not in post.author_list]:
            # An author an editor assigned stays; the source's authors join the byline.
            post.set_authors([*missing, *post.author_list])
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
        report.categories.update(parsed.categories)
        report.tags.update(parsed.tags)

    def _author(self, name, bio, email=""):
        """The profile for ``name``, made or updated from its byline; None for no name.

        One person is one profile across files and runs: found by her email when the
        source gives one (an export does), else by her name. Within a run the first
        byline wins: sources list the newest post first, so that is the current bio.
        """
        if not name:
            return None
        # Cut to the field, as the site would show it; one name is one profile all the same.
        if " ".join(name.split()).casefold() in self._mapped:
            return self._mapped[" ".join(name.split()).casefold()]
        name = shorten(name, NAME_LENGTH)
        bio = shorten(bio, BIO.max_length)
        key = email.casefold() or name.casefold()
        if key in self._authors:
            return self._authors[key]
        author = None
        if email:
            author = Author.objects.filter(user__email__iexact=email).first()
        if author is None:
            author = Author.objects.filter(display_name__iexact=name).first()
        if author is None:
            user = _new_user(name, email)
            author = Author(user=user, display_name=name, bio=bio, imported_bio=bio)
            author.save()
            self._journal.created_authors.append(author)
            self.report.authors_created += key not in self._counted_authors
        elif bio and author.bio != bio and author.bio == author.imported_bio:
            self._journal.updated_authors.append((author.pk, author.bio, author.imported_bio))
            author.bio = author.imported_bio = bio
            author.save()
            self.report.authors_updated += key not in self._counted_authors
        self._authors[key] = author
        self._counted_authors.add(key)
        return author

    def _tag(self, name):
        if name not in self._tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
                self._journal.created_tags.append(tag.pk)
            self._tags[name] = tag
        return self._tags[name]


TITLE_CUT = gettext_noop("The title was cut to %(limit)d characters: %(text)s")
TAG_CUT = gettext_noop("A tag was cut to %(limit)d characters: %(text)s")


def _fit(text, limit, parsed, message):
    """``text`` cut to its field's ``limit``; the whole of it goes to the post's notes."""
    fitted = shorten(text, limit)
    if fitted != text:
        parsed.notes.append(note(message, limit=limit, text=text))
    return fitted


class Journal:
    """What one import wrote, to undo it should the database refuse a later batch.

    Posts that the import updated are kept as they were in a temporary file, not in
    memory: an import may update thousands.
    """

    def __init__(self, created_files=()):
        # Pictures stored by this run, with their narrower copies.
        self.created_files = created_files
        # Ids as machine integers: an import may create hundreds of thousands of rows.
        self.created_posts = array("q")
        self.created_comments = array("q")
        self.created_redirects = array("q")
        self.created_authors = []
        self.created_tags = []
        self.updated_authors = []
        self._updated_posts = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by __exit__)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._updated_posts.close()

    def remember(self, post):
        if post.pk in self.created_posts:
            # Undone by deleting it.
            return
        record = {field: getattr(post, field) for field in _RESTORED_FIELDS}
        record.update(
            pk=post.pk,
            authors=[author.pk for author in post.author_list],
            tags=[tag.name for tag in post.tags.all()],
        )
        self._updated_posts.write(json.dumps(record, cls=DjangoJSONEncoder) + "\n")

    def undo(self):
        with transaction.atomic():
            for pks in _chunks(self.created_comments, 500):
                Comment.objects.filter(pk__in=pks).delete()
            for pks in _chunks(self.created_posts, BATCH_SIZE):
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Post), object_id__in=pks
                ).delete()
                undone = Post.objects.filter(pk__in=pks)
                addresses = [post.get_absolute_url() for post in undone.only("slug")]
                undone.delete()
                # They never existed for readers: no "gone" for their addresses.
                redirects.forget(addresses)
            for record in self._remembered_posts():
                post = Post.objects.get(pk=record.pop("pk"))
                authors = Author.objects.in_bulk(record["authors"])
                post.set_authors([authors[pk] for pk in record.pop("authors")])
                post.tags.set(record.pop("tags"))
                for name, value in record.items():
                    setattr(post, name, value)
                post.save()
            for pk, bio, imported_bio in self.updated_authors:
                author = Author.objects.get(pk=pk)
                author.bio, author.imported_bio = bio, imported_bio
                author.save()
            for author in self.created_authors:
                author.user.delete()
            Tag.objects.filter(pk__in=self.created_tags).delete()
            for pks in _chunks(self.created_redirects, 500):
                Redirect.objects.filter(pk__in=pks).delete()
            PostImage.objects.filter(image__in=self.created_files).delete()
        for name in self.created_files:
            default_storage.delete(name)

    def _remembered_posts(self):
        self._updated_posts.seek(0)
        for line in self._updated_posts:
            yield json.loads(line)


_RESTORED_FIELDS = (
    "import_key",
    "published_at",
    "date_unknown",
    "title",
    "body",
    "import_source",
    "import_notes",
    "import_source_hash",
    "import_content_hash",
)


def _path(url):
    """An old address as requests show it here: its path and query, without the host."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _new_user(name, email=""):
    users = get_user_model()
    # Room for "-2", "-3", ... after the name.
    base = slugify_fi(name)[: USERNAME_LENGTH - 8].strip("-") or "author"
    username, number = base, 2
    while users.objects.filter(username=username).exists():
        username, number = f"{base}-{number}", number + 1
    first, _, last = name.partition(" ")
    user = users(username=username, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user


def fixture_destination(path):
    """The fixture's path, checked before anything is imported; its folder is made."""
    destination = Path(path)
    if destination.is_dir() or str(path).endswith(os.sep):
        raise ImportFormatError(
            f"--fixture-out {path}: that is a folder: give a file name, e.g. {path}/demo.json."
        )
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImportFormatError(
            f"--fixture-out {path}: cannot make its folder ({error.strerror}): choose another."
        ) from None
    return destination


def write_fixture(import_keys, destination):
    """Write the imported posts, their authors, users, tags and comments as a loaddata
    fixture.

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
    # A thread's first comment has a smaller id than its replies.
    comments = Comment.objects.filter(post__in=posts).order_by("pk")
    user_fields = ["username", "first_name", "last_name", "password", "is_active"]
    # Users and tags go by name, not id, so loading never overwrites an existing account.
    sections = [
        (users, {"fields": user_fields, "use_natural_primary_keys": True}),
        (authors, {}),
        (tags, {"use_natural_primary_keys": True}),
        (posts, {}),
        (bylines, {}),
        (tagged, {}),
        (comments, {}),
    ]
    # Written beside the target and renamed, so a failed write never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".tmp")
    try:
        _write_records(os.fdopen(handle, "w", encoding="utf-8"), sections)
    except BaseException:
        os.unlink(temporary)
        raise
    os.replace(temporary, destination)


def _write_records(stream, sections):
    with stream:
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


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
