"""What a change to posts, bylines and tags retires of the cached pages (core.caching).

A post's own topic, ``post:<pk>``, is shown wherever the post is: its page, its card in
every list, its entry in the feeds. Which posts a list holds changes only when a post
comes or goes for readers (published, unpublished, its time moved, deleted): then
``posts`` (the front page, feeds), what is beside it in time (its year's and month's
archive, ``archive:<year>`` and ``archive:<year>-<month>``; the neighbours of the posts
before and after it, ``neighbours:<pk>``, their pages' previous and next links) and the
lists of its tags and authors retire too: each tag's list chooses the related posts of the
posts with that tag, and counts the tag in the tags' index (``tag-list`` lists the tags
there: one added, renamed or deleted). ``texts`` is every post's text, as search and the
sitemap's index show it; ``post-run:<n>`` a thousand posts by id, as the posts' sitemap
writes them and search keeps their titles' words (any change to one of them); ``tags``
and ``authors`` the sitemap's tags and authors; ``tag-about:<pk>`` a tag's description,
on its own page; ``months`` the months the archive lists, which change far less often
than ``posts`` does.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from taggit.models import TaggedItem

from authors.topics import AUTHORS, author, author_name
from blog.models import LISTED_BY, Post, PostAuthor
from core import compiled
from core.caching import retire, shows

# Written by the site itself: search's index terms, and the key of a social card to
# draw again (the card itself, drawn later, is shown in og:image).
FOR_SEARCH = frozenset({"search_labels"})
UNSHOWN = frozenset({"social_card_key"})
# Kept by the comments' write path, which retires the discussion itself.
DISCUSSION = frozenset({"comment_count"})
MONTHS_KEY = "archive-months-list"
POSTS = "posts"
TEXTS = "texts"
TAGS = "tags"
# Which tags there are, by name: one added, renamed or deleted.
TAG_LIST = "tag-list"
MONTHS = "months"
# Every post's neighbours in time, retired when a write moves more than FEW_MOVED posts
# (``beside``).
NEIGHBOURS = "neighbours"
FEW_MOVED = 10
# The posts' sitemap is written in runs of this many ids, each retired by a change to a
# post among them (``post_run``).
POST_RUN = 1000


def post(pk):
    return f"post:{pk}"


def neighbours(pk):
    return f"neighbours:{pk}"


def archive(year, month=None):
    """The archive's list of a year, or of one month of it."""
    return f"archive:{year}" if month is None else f"archive:{year}-{month}"


def archive_of(moment):
    """The archive's lists that hold a post of ``moment`` (a local time)."""
    return [archive(moment.year), archive(moment.year, moment.month)]


def post_run(pk):
    return f"post-run:{pk // POST_RUN}"


def comments(pk):
    return f"comments:{pk}"


def tag(pk):
    return f"tag:{pk}"


def tag_name(pk):
    return f"tag-name:{pk}"


def tag_about(pk):
    return f"tag-about:{pk}"


def shows_post_discussion(shown):
    shows(comments(shown.pk))


def shows_post(shown, discussion=True):
    """Record that the page shows ``shown``'s card or entry: its text, its bylines, its
    tags' names and, with ``discussion``, its comments or their count."""
    shows(post(shown.pk))
    if discussion:
        shows(comments(shown.pk))
    shows(*(author_name(byline.author_id) for byline in shown.bylines.all()))
    shows(*(tag_name(each.pk) for each in shown.tags.all()))


def posts_changed(posts, changed=None):
    """The topics a save or bulk write of ``posts`` retires (``changed``: the fields
    written, None when whole rows were saved)."""
    if changed is not None and changed <= FOR_SEARCH | UNSHOWN | DISCUSSION:
        return [TEXTS] if changed & FOR_SEARCH else []
    moved = [
        each
        for each in posts
        if (each.moved_in_lists() if changed is None else changed & LISTED_BY)
    ]
    # A post just created was never shown: no page holds its own topic yet.
    topics = [TEXTS, *(post(each.pk) for each in posts if each.was_loaded())]
    topics += {post_run(each.pk) for each in posts}
    if moved:
        topics += lists_of([each.pk for each in moved])
        topics += beside(moved)
        transaction.on_commit(_check_archive_months)
    return topics


def posts_gone(posts):
    return posts_changed(posts, set(LISTED_BY))


def lists_of(pks):
    """The topics of every list holding the posts ``pks``, and of the indexes counting them."""
    tags = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id__in=pks
    ).values_list("tag_id", flat=True)
    authors = PostAuthor.objects.filter(post_id__in=pks).values_list("author_id", flat=True)
    return [POSTS, TAGS, AUTHORS, *map(tag, set(tags)), *map(author, set(authors))]


def beside(moved):
    """The topics of what is beside where each of ``moved`` was and is in time: the
    archive's year and month, and the neighbours of the posts just before and after it
    and its own. A new post changes its month's archive and the newest post's "next"
    link, not every month's and every post's. A write moving many posts retires every
    post's neighbours."""
    pks = [each.pk for each in moved]
    given = {getattr(each, "_listed_as", {}).get("published_at") for each in moved}
    given |= {each.published_at for each in moved}
    times = {_moment(at) for at in given - {None}}
    # Where they are now: an update() hands over the rows as they were before it.
    times |= set(Post.objects.filter(pk__in=pks).values_list("published_at", flat=True))
    times.discard(None)
    periods = {topic for at in times for topic in archive_of(timezone.localtime(at))}
    if len(moved) > FEW_MOVED:
        return [*periods, NEIGHBOURS]
    published = Post.objects.published()
    nearest = Q()
    for at in times:
        before = published.filter(published_at__lt=at).order_by("-published_at")
        after = published.filter(published_at__gt=at).order_by("published_at")
        for side in (before, after):
            nearest |= Q(published_at=Subquery(side.values("published_at")[:1]))
    near = published.filter(nearest).values_list("pk", flat=True) if nearest else []
    return [*periods, *(neighbours(pk) for pk in {*pks, *near})]


def _moment(value):
    """A post's time as it was given: the importer's undo, as a form would, sets it as
    text, which Django reads when it saves."""
    value = Post._meta.get_field("published_at").to_python(value)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def archive_months():
    """Months with posts readers may see, newest first; remembered, so that a change can
    tell whether a month came or went."""
    months = list(
        Post.objects.published()
        .filter(date_unknown=False)
        .annotate(archive_month=TruncMonth("published_at"))
        .order_by("-archive_month")
        .values_list("archive_month", flat=True)
        .distinct()
    )
    cache.set(MONTHS_KEY, months, None)
    return months


def _check_archive_months():
    # Every page lists the months: they retire only when a month comes or goes.
    remembered = cache.get(MONTHS_KEY)
    if archive_months() != remembered:
        retire(MONTHS)


def bylines_changed(bylines, changed=None):
    return [
        AUTHORS,
        TEXTS,
        *(post(byline.post_id) for byline in bylines),
        *(author(byline.author_id) for byline in bylines),
    ]


def taggings_changed(taggings, changed=None):
    return [
        TAGS,
        TEXTS,
        *(post(tagged.object_id) for tagged in taggings),
        *(tag(tagged.tag_id) for tagged in taggings),
    ]


def tags_changed(tags, changed=None):
    return [
        TAGS,
        TAG_LIST,
        *(tag(each.pk) for each in tags),
        *(tag_name(each.pk) for each in tags),
    ]


def tag_descriptions_changed(descriptions, changed=None):
    return [tag_about(description.tag_id) for description in descriptions]


def comments_changed(changed_comments, changed=None):
    """A comment shows on its post's page and in the count its card shows in lists."""
    return [comments(comment.post_id) for comment in changed_comments]


def went_out(since, until):
    """(the topics of the scheduled posts that went out to readers between the two times,
    when the next one goes out or None), from one query: the posts after ``since`` in time,
    up to the first still to come. Every process asks once a second."""
    start = since or until

    def later():
        after = Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=start)
        return after.order_by("published_at").only("published_at")

    # Asked on every page drawn after a change: its SQL is compiled once (core.compiled).
    found = compiled.rows(
        "went-out", lambda: compiled.as_of(later()[: FEW_MOVED + 1], start), start
    )
    went = [each for each in found if each.published_at <= until]
    if len(went) > FEW_MOVED:
        # More went out at once than one read takes: a bulk publication.
        went = list(later().filter(published_at__lte=until))
        found = [*went, *later().filter(published_at__gt=until)[:1]]
    coming = [each.published_at for each in found if each.published_at > until]
    # They came to readers as a published post saved now does.
    return posts_changed(went, set(LISTED_BY)) if went else [], min(coming, default=None)
