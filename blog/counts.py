"""The indexes of tags and authors: how many posts readers see under each.

Counted once per change of what they count (fragments of core.caching, under the
``tags`` and ``authors`` topics): counting every tagging or byline of every post is the
whole cost of those pages.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Lower
from taggit.models import TaggedItem

from authors.models import Author
from authors.topics import AUTHORS
from blog import topics
from blog.models import Post
from core.caching import fragment, shows


def tags():
    """Every tag readers can open, with how many posts readers see it on, by name."""
    return fragment("tag-index", _counted_tags)


def authors():
    """Every public author, with how many posts readers see of hers."""
    return fragment("author-index", _counted_authors)


def _counted_tags():
    shows(topics.TAGS)
    return list(
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_id__in=Post.objects.published().values("pk"),
        )
        .values("tag__name", "tag__slug")
        .annotate(post_count=Count("pk"))
        .order_by(Lower("tag__name"))
    )


def _counted_authors():
    shows(AUTHORS)
    published = Post.objects.published().values("pk")
    return list(
        Author.objects.public().annotate(post_count=Count("posts", filter=Q(posts__in=published)))
    )
