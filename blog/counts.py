"""The indexes of tags and authors: how many posts readers see under each.

Counted and drawn once per change of what they count (fragments of core.caching):
counting every tagging or byline of every post is the whole cost of those pages. Each
tag and author is counted under its own topic (core.caching.kept_per_topic), and each
author's card kept under it, so a new post counts again only its own tags and authors and
draws only its authors' cards.
"""

import html
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from taggit.models import Tag

from authors.models import Author
from authors.topics import AUTHOR_LIST, author
from blog import topics
from blog.models import Post
from core.caching import fragment, fragments, kept_per_topic, shows


def tag_index():
    """Every tag readers can open, with how many posts readers see it on, by name."""
    return fragment("tag-index", _tag_index)


def author_index():
    """Every public author, with how many posts readers see of hers."""
    return fragment("author-index", _author_index)


def names():
    """The names of every tag and author, as their indexes list them before counting: what
    search may offer for a misspelt word (it offers a word only when the word finds a
    post readers see). A new post leaves these lists as they were."""
    tags = [name for _pk, name, _slug in _tag_list({})]
    return tags + [each.display_name for each in _author_list({})]


def _tag_index():
    # The rows are written here, not in a loop of the template: for 110 tags, measured
    # side by side, the loop took 3.6 ms, format_html_join 1.8 ms and this 0.2 ms, of an
    # index drawn again after every new post. html.escape is what Django's escape does.
    rows = "\n".join(
        f'<li><a href="{html.escape(url)}">{html.escape(name)}</a> '
        f'<span class="count">({count:d})</span></li>'
        for url, name, count in _counted_tags()
    )
    return render_to_string("blog/_tag_index.html", {"rows": mark_safe(rows)})


def _tag_address():
    """A tag page's address from its slug, reversed once for the whole index: reversing it
    for each of a hundred tags took half of the index's drawing. A slug holds only ASCII
    letters, digits, "-" and "_" (the address's slug converter), nothing to quote."""
    before, _marker, after = reverse("blog:tag", args=["_"]).rpartition("_")
    return lambda slug: f"{before}{slug}{after}"


def _author_index():
    # Each author's card is kept under her topic: a new post draws its authors' cards
    # again, not all of them.
    cards = fragments(
        [
            (f"author-card:{each.pk}", partial(_author_card, each, post_count))
            for each, post_count in _counted_authors()
        ]
    )
    return render_to_string("authors/_author_index.html", {"cards": mark_safe("".join(cards))})


def _author_card(each, post_count):
    shows(author(each.pk))
    return render_to_string("authors/_author_card.html", {"author": each, "post_count": post_count})


def _counted_tags():
    """(address, name, how many posts readers see) of each tag readers can open."""
    counted = {}
    listed = _tag_list(counted)
    numbers = _counts("tags", topics.tag, [pk for pk, *_ in listed], counted)
    address = _tag_address()
    return [(address(slug), name, numbers[pk]) for pk, name, slug in listed if numbers[pk]]


def _tag_list(counted):
    """The kept list of every tag (``_listed_tags``); ``counted`` filled when it is made."""
    return fragment("tags-listed", partial(_listed_tags, counted))


def _listed_tags(counted):
    """Every tag as (pk, name, slug), by name; each one's count put in ``counted`` on the
    way: the first render of the index counts them all in the same query."""
    shows(topics.TAG_LIST)
    rows = (
        Tag.objects.annotate(
            post_count=Count(
                "taggit_taggeditem_items",
                filter=Q(
                    taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Post),
                    taggit_taggeditem_items__object_id__in=Post.objects.published().values("pk"),
                ),
            )
        )
        .order_by(Lower("name"))
        .values_list("pk", "name", "slug", "post_count")
    )
    counted.update((pk, number) for pk, _name, _slug, number in rows)
    return [(pk, name, slug) for pk, name, slug, _number in rows]


def _counts(relation, topic, pks, counted):
    """{pk: how many posts readers see} for the tags or authors ``pks`` (``relation``:
    "tags" or "authors"), each kept under ``topic(pk)``. Those the list's first render
    counted are in ``counted``; the others are looked up by tag or author, each one's post
    by its key: a few tags' posts, not the ids of every post readers see."""

    def count(stale):
        uncounted = [pk for pk in stale if pk not in counted]
        if uncounted:
            found = dict(
                Post.objects.published()
                .filter(**{f"{relation}__in": uncounted})
                .values_list(relation)
                .annotate(post_count=Count("pk"))
            )
            counted.update((pk, found.get(pk, 0)) for pk in uncounted)
        return {pk: counted[pk] for pk in stale}

    return kept_per_topic(f"{relation}-counts", {pk: topic(pk) for pk in pks}, count)


def _counted_authors():
    counted = {}
    listed = _author_list(counted)
    numbers = _counts("authors", author, [each.pk for each in listed], counted)
    # (author, count): the authors are shared with every render of this process.
    return [(each, numbers[each.pk]) for each in listed if each.has_public_page(numbers[each.pk])]


def _author_list(counted):
    """The kept list of every author (``_listed_authors``), as ``_tag_list``."""
    return fragment("authors-listed", partial(_listed_authors, counted))


def _listed_authors(counted):
    """Every author, as the index shows her; each one's count put in ``counted`` on the
    way, as for the tags."""
    shows(AUTHOR_LIST)
    published = Post.objects.published().values("pk")
    authors = list(
        Author.objects.only(
            "display_name", "slug", "bio_summary", "avatar", "avatar_info", "public_profile"
        ).annotate(post_count=Count("posts", filter=Q(posts__in=published)))
    )
    for each in authors:
        # The count goes with the version of her topic, not with the list.
        counted[each.pk] = each.post_count
        del each.post_count
    return authors
