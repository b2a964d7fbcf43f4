"""The indexes of tags and authors: how many posts readers see under each.

Counted and drawn once per change of what they count (fragments of core.caching, under
the ``tags`` and ``authors`` topics): counting every tagging or byline of every post is
the whole cost of those pages, and drawing a hundred tags' links the rest.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from taggit.models import TaggedItem

from authors.models import Author
from authors.topics import AUTHORS
from blog import topics
from blog.models import Post
from core.caching import fragment, shows


def tag_index():
    """Every tag readers can open, with how many posts readers see it on, by name."""
    return fragment("tag-index", _tag_index)


def author_index():
    """Every public author, with how many posts readers see of hers."""
    return fragment("author-index", _author_index)


def _tag_index():
    return render_to_string("blog/_tag_index.html", {"tags": _counted_tags()})


def _tag_address():
    """A tag page's address from its slug, reversed once for the whole index: reversing it
    for each of a hundred tags took half of the index's drawing. A slug holds only ASCII
    letters, digits, "-" and "_" (the address's slug converter), nothing to quote."""
    before, _marker, after = reverse("blog:tag", args=["_"]).rpartition("_")
    return lambda slug: f"{before}{slug}{after}"


def _author_index():
    return render_to_string("authors/_author_index.html", {"authors": _counted_authors()})


def _counted_tags():
    shows(topics.TAGS)
    address = _tag_address()
    counted = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_id__in=Post.objects.published().values("pk"),
        )
        .values_list("tag__name", "tag__slug")
        .annotate(post_count=Count("pk"))
        .order_by(Lower("tag__name"))
    )
    return [
        {"name": name, "url": address(slug), "post_count": count} for name, slug, count in counted
    ]


def _counted_authors():
    shows(AUTHORS)
    published = Post.objects.published().values("pk")
    return list(
        Author.objects.public().annotate(post_count=Count("posts", filter=Q(posts__in=published)))
    )
