import datetime
import hashlib
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from core import cards, compiled, images, signals, text_analysis
from core.caching import PublicContentQuerySet
from core.models import SiteIdentity
from core.notes import note_text
from core.rendering import BIO, POST, plain_text, reading_minutes, render_markdown, summarize
from core.slugs import unique_slug


def publication_time(published_at):
    """When a published post goes out: its own time, or now when it has none."""
    return published_at or timezone.now()


def fingerprint(*parts):
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def fetch_listing_relations(posts):
    """Give ``posts`` their bylines (with authors, in order) and tags in two queries, as
    ``prefetch_related`` would: what a card or a feed entry shows beside the post.

    By hand, because prefetching a TaggableManager builds a filtered query set for every
    post it fills, which cost a list of ten posts more than its two queries.
    """
    posts = {post.pk: post for post in posts if "tags" not in _prefetched(post)}
    if not posts:
        return
    bylines, tags = defaultdict(list), defaultdict(list)
    for byline in PostAuthor.objects.filter(post_id__in=posts).select_related("author"):
        byline._state.fields_cache["post"] = posts[byline.post_id]
        bylines[byline.post_id].append(byline)
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id__in=posts
    ).select_related("tag")
    for item in tagged.order_by("pk"):
        tags[item.object_id].append(item.tag)
    for pk, post in posts.items():
        _prefetched(post).update(
            bylines=_holding(PostAuthor.objects.all(), bylines[pk]),
            tags=_holding(Tag.objects.all(), tags[pk]),
        )


def _prefetched(post):
    return post.__dict__.setdefault("_prefetched_objects_cache", {})


def _holding(queryset, rows):
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


# What no page or feed shows of a post: its Markdown, its search terms, its import record.
NOT_SHOWN = (
    *("body", "search_text", "search_title", "search_labels", "search_body", "search_extra"),
    *("import_source", "import_notes", "import_source_hash", "import_content_hash"),
)
# What no card of a post shows besides: its texts. Left out of lists: on SQLite a column
# stored after a long body is read through the body's overflow pages, and a list sorts or
# counts thousands of rows.
NOT_ON_CARDS = (*NOT_SHOWN, "body_html", "excerpt")


class PostQuerySet(PublicContentQuerySet):
    def published(self):
        """What readers may see: published, with a publication time that has come.

        Every public view, feed, sitemap, search and count starts from here, so a scheduled
        post appears by itself when its time comes, with no cron job.
        """
        moment = timezone.now()
        visible = self.filter(status=Post.Status.PUBLISHED, published_at__lte=moment)
        return compiled.as_of(visible, moment)

    def scheduled(self):
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Post.Status.DRAFT)

    def publish(self):
        """Publish these posts: at their publication time (a future one schedules them),
        or now when they have none: ``publication_time``, as for a post saved alone. The
        posts readers could not see before go out to readers (``went_public``)."""
        hidden = list(self.exclude(pk__in=Post.objects.published()).values_list("pk", flat=True))
        count = self.update(
            status=Post.Status.PUBLISHED,
            published_at=Coalesce("published_at", Value(publication_time(None))),
            updated_at=timezone.now(),
        )
        for post in Post.objects.filter(pk__in=hidden):
            signals.went_public.send(sender=Post, instance=post)
        return count

    def unpublish(self):
        """Return these posts to drafts; their publication time is kept for a later publish."""
        return self.update(status=Post.Status.DRAFT, updated_at=timezone.now())

    def refresh_search_labels(self):
        """Index again the tags and authors of these posts, which changed."""
        changed = []
        for post in self.prefetch_related("tags", "bylines__author"):
            names = [tag.name for tag in post.tags.all()]
            names += [byline.author.display_name for byline in post.bylines.all()]
            labels = "\n".join(names)
            terms = [*text_analysis.terms(labels), *text_analysis.extra_terms(labels)]
            if " ".join(terms) != post.search_labels:
                post.search_labels = " ".join(terms)
                changed.append(post)
        # bulk_update(): the rest of each post is unchanged; cached pages retire all the same.
        Post.objects.bulk_update(changed, ["search_labels"], batch_size=100)

    def mark_social_cards_stale(self):
        """Their authors or the site's name changed: the worker draws their cards again."""
        return self.exclude(social_card_key="").update(social_card_key="")

    def draw_stale_social_cards(self, batch_size=100):
        """Draw the cards of these posts that have none or an outdated one; return how many."""
        identity = SiteIdentity.objects.current()
        drawn = 0
        stale = self.filter(social_card_key="").with_listing_relations().order_by("pk")
        while batch := list(stale[:batch_size]):
            for post in batch:
                post.draw_social_card(identity)
            Post.objects.bulk_update(batch, ["social_card", "social_card_key"])
            drawn += len(batch)
        return drawn

    def shown(self):
        """These posts as their pages and feeds show them: their sources and search terms
        left in the database."""
        return self.defer(*NOT_SHOWN)

    def cards(self):
        """These posts as lists show them: what their cards need, nothing of their texts."""
        return self.defer(*NOT_ON_CARDS)

    def with_listing_relations(self):
        """Authors (in byline order) and tags in two queries, for any list of posts."""
        listing = self._chain()
        listing._with_listing_relations = True
        return listing

    def _clone(self):
        clone = super()._clone()
        clone._with_listing_relations = getattr(self, "_with_listing_relations", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if not fetched and getattr(self, "_with_listing_relations", False):
            fetch_listing_relations(row for row in self._result_cache if isinstance(row, Post))


# What readers' lists of posts go by: whether a post is there, and where.
LISTED_BY = frozenset({"status", "published_at", "date_unknown"})


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The post's address. Filled from the title when left empty."),
    )
    authors = models.ManyToManyField(
        "authors.Author",
        through="PostAuthor",
        related_name="posts",
        blank=True,
        verbose_name=_("authors"),
    )
    body = models.TextField(
        _("body"), blank=True, max_length=POST.max_length, help_text=_("Markdown.")
    )
    body_html = models.TextField(editable=False, blank=True)
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Shown in lists and to search engines. The first paragraph when left empty."),
    )
    summary = models.TextField(editable=False, blank=True)
    # The body as plain text: what search highlights.
    search_text = models.TextField(editable=False, blank=True)
    # What search matches (core.text_analysis): the terms of the title, of the tags and
    # authors (kept by blog.search when they change), of the text, and the other terms
    # and compound parts of the title and text.
    search_title = models.TextField(editable=False, blank=True)
    search_labels = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)
    search_extra = models.TextField(editable=False, blank=True)
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), editable=False, default=1
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the post. Empty means now, on publishing."),
    )
    date_unknown = models.BooleanField(
        _("date unknown"),
        default=False,
        help_text=_("The source had no date: set the real publication time and untick this."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    featured_image = images.CleanImageField(
        _("featured image"), upload_to="posts/%Y/%m/", blank=True
    )
    featured_image_alt = models.CharField(
        _("featured image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    # The stored picture's size and its narrower copies (core.images), made on save.
    featured_image_info = models.JSONField(default=dict, blank=True, editable=False)
    # The picture a shared link shows when there is no featured image (core.cards), and a
    # fingerprint of what is drawn on it; empty when the worker should draw it again.
    social_card = models.FileField(upload_to="cards/", blank=True, editable=False)
    social_card_key = models.CharField(max_length=64, blank=True, editable=False)
    tags = TaggableManager(_("tags"), blank=True)
    # How many comments readers see on it: kept by the comments' write path
    # (comments.counts), so that a list reads it with its posts.
    comment_count = models.PositiveIntegerField(_("comments shown"), default=0, editable=False)
    comments_open = models.BooleanField(
        _("comments open"), default=True, help_text=_("Untick to close the discussion.")
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Close comments automatically this many days after publishing. "
            "Empty: the site's default."
        ),
    )
    # Import provenance: how a re-run finds this post, and what editors should check.
    import_key = models.CharField(  # noqa: DJ001 (NULL keeps uniqueness for hand-written posts)
        _("import key"), max_length=200, unique=True, null=True, blank=True, editable=False
    )
    import_source = models.CharField(_("import source"), max_length=255, blank=True)
    import_notes = models.JSONField(_("import notes"), default=list, blank=True, editable=False)
    # What the last import read (to tell a changed source) and wrote (to tell local edits).
    import_source_hash = models.CharField(max_length=64, blank=True, editable=False)
    import_content_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # Lists by time: whether a post is listed is read from the index, not from the
            # row, whose short columns SQLite stores after the texts (their overflow pages).
            models.Index(
                fields=["status", "published_at", "date_unknown"], name="post_visibility_idx"
            ),
            # The same, by id: for lists reached through a tag or an author, and their order.
            models.Index(
                fields=["id", "status", "published_at", "date_unknown", "created_at"],
                name="post_listed_idx",
            ),
            # The sitemap reads these alone, from the index, not from the wide rows: the
            # posts' last change for its index, their addresses in runs of ids.
            models.Index(
                fields=["status", "published_at", "slug", "updated_at"], name="post_sitemap_idx"
            ),
            models.Index(
                fields=["status", "id", "published_at", "slug", "updated_at"],
                name="post_run_idx",
            ),
        ]
        permissions = [
            ("publish_post", _("Can publish and schedule posts")),
            ("edit_all_posts", _("Can edit every post, not only her own")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare()
        if self.pk:
            # A new post's card waits for its byline (refresh_social_card, or the worker).
            self.draw_social_card()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # Derived fields always travel with a partial save, so they never go stale.
            kwargs["update_fields"] = {
                *update_fields,
                *("slug", "published_at", "body_html", "summary", "reading_time", "search_text"),
                *("search_title", "search_body", "search_extra"),
                *("featured_image_info", "social_card", "social_card_key"),
            }
        counted = self.comment_count
        if not self._state.adding:
            # A comment approved while the post was open in the admin must not be
            # uncounted by its save: the row keeps the count the database has.
            self.comment_count = F("comment_count")
        try:
            super().save(*args, **kwargs)
        finally:
            self.comment_count = counted
        self._listed_as = self._listing()

    def get_absolute_url(self):
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        post = super().from_db(db, field_names, values)
        loaded = zip(field_names, values, strict=True)
        post._listed_as = {name: value for name, value in loaded if name in LISTED_BY}
        return post

    def _listing(self):
        return {name: getattr(self, name) for name in LISTED_BY}

    def was_loaded(self):
        """Whether this post came from the database (or was saved before), not made now."""
        return hasattr(self, "_listed_as")

    def moved_in_lists(self):
        """Whether saving it changes which posts readers' lists hold, or their order: it
        came, went or moved in time (compared with the post as it was loaded)."""
        loaded = getattr(self, "_listed_as", None)
        if loaded is None:
            return self.status == self.Status.PUBLISHED
        return any(value != getattr(self, name) for name, value in loaded.items())

    def import_note_lines(self):
        """The import's notes in the reader's language."""
        return [note_text(entry) for entry in self.import_notes]

    def prepare(self, reserved_slugs=()):
        """Fill the derived fields; ``save()`` calls it, and so do bulk writers first."""
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="post", reserved=reserved_slugs)
        if self.status == self.Status.PUBLISHED:
            self.published_at = publication_time(self.published_at)
        self.body_html = render_markdown(self.body, POST)
        self.summary = " ".join(self.excerpt.split()) or summarize(self.body_html)
        self.reading_time = reading_minutes(self.body_html)
        self.search_text = plain_text(self.body_html)
        self.search_title = " ".join(text_analysis.terms(self.title))
        self.search_body = " ".join(text_analysis.terms(self.search_text))
        self.search_extra = " ".join(text_analysis.extra_terms(f"{self.title}\n{self.search_text}"))
        self.featured_image_info = images.refresh(self.featured_image, self.featured_image_info)

    def content_hash(self):
        """A fingerprint of what writers edit: changes when someone edits the post."""
        return fingerprint(self.title, self.body, self.excerpt)

    def draw_social_card(self, identity=None):
        """Draw the post's card when what it shows changed; True when it was drawn."""
        identity = identity or SiteIdentity.objects.current()
        byline = ", ".join(author.display_name for author in self.author_list)
        key = fingerprint(self.title, byline, identity.name, identity.accent_colour)
        if key == self.social_card_key and self.social_card:
            return False
        old = self.social_card.name
        picture = cards.social_card(self.title, byline, identity.name, identity.accent_colour)
        name = f"{self.slug or 'post'}-{key[:12]}.png"
        self.social_card.save(name, ContentFile(picture), save=False)
        self.social_card_key = key
        if old and old != self.social_card.name:
            self.social_card.storage.delete(old)
        return True

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def comments_close_at(self):
        """When comments close by themselves, or None when they stay open."""
        days = self.comments_close_after_days
        if days is None:
            days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if days is None or self.published_at is None:
            return None
        return self.published_at + datetime.timedelta(days=days)

    def accepts_comments(self):
        close_at = self.comments_close_at()
        return self.comments_open and (close_at is None or timezone.now() < close_at)

    @property
    def author_list(self):
        """Authors in byline order; the first is the primary author."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def primary_author(self):
        authors = self.author_list
        return authors[0] if authors else None

    def set_authors(self, authors):
        """Replace the byline with ``authors``, in that order."""
        self.__dict__.pop("_byline_user_ids", None)
        self.bylines.all().delete()
        PostAuthor.objects.bulk_create(
            PostAuthor(post=self, author=author, position=position)
            for position, author in enumerate(authors)
        )
        Post.objects.filter(pk=self.pk).refresh_search_labels()
        self.refresh_social_card()

    def refresh_social_card(self):
        """Draw the card again now that the byline is saved (it shows the authors)."""
        getattr(self, "_prefetched_objects_cache", {}).pop("bylines", None)
        self.social_card_key = (
            Post.objects.filter(pk=self.pk).values_list("social_card_key", flat=True).first() or ""
        )
        if self.draw_social_card():
            Post.objects.filter(pk=self.pk).update(
                social_card=self.social_card.name, social_card_key=self.social_card_key
            )


class PostAuthor(models.Model):
    """One author in a post's byline; ``position`` 0 is the primary author."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("post")
    )
    author = models.ForeignKey(
        "authors.Author",
        on_delete=models.PROTECT,
        related_name="bylines",
        verbose_name=_("author"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["post", "author"], name="one_byline_per_author")
        ]

    def __str__(self):
        return f"{self.post} – {self.author}"


class TagDescription(models.Model):
    """What a tag's page says about the tag, written by editors (Ghost's tag description)."""

    tag = models.OneToOneField(
        "taggit.Tag",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="description",
        verbose_name=_("tag"),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=BIO.max_length,
        help_text=_("Markdown, shown at the top of the tag's page and to search engines."),
    )
    description_html = models.TextField(editable=False, blank=True)
    summary = models.CharField(max_length=160, editable=False, blank=True)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag description")
        verbose_name_plural = _("tag descriptions")

    def __str__(self):
        return str(self.tag)

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description, BIO)
        self.summary = summarize(self.description_html, 160)
        super().save(*args, **kwargs)


class PostImage(models.Model):
    """A picture uploaded from the editor and shown inside posts through its Markdown."""

    image = images.CleanImageField(_("image"), upload_to="images/%Y/%m/")
    info = models.JSONField(default=dict, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The file of an old blog's media folder it was imported from: a re-run reuses it.
    import_key = models.CharField(  # noqa: DJ001 (NULL keeps uniqueness for uploads)
        _("import key"), max_length=300, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.image.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        self.info = images.refresh(self.image, self.info)
        super().save(*args, **kwargs)

    @property
    def srcset(self):
        return images.srcset(self.info, self.image.storage)

    @property
    def webp_srcset(self):
        return images.webp_srcset(self.info, self.image.storage)

    @classmethod
    def named(cls, names):
        """The uploaded pictures stored under these file names (for Markdown's images)."""
        return cls.objects.filter(image__in=names)
