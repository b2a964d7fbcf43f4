"""Posts, bylines and tags are what readers see; a tag always gets an address."""

from django.db.models.signals import pre_save
from taggit.models import Tag, TaggedItem

from blog.models import Post, PostAuthor
from core.caching import readers_see
from core.slugs import unique_slug


def _give_tag_a_slug(sender, instance, raw=False, **kwargs):
    # A name with no letter or digit ("#", "–", an emoji) gets the slug "" from taggit,
    # which no tag URL can hold: every page listing the tag would fail.
    if not raw and not instance.slug:
        instance.slug = unique_slug(instance, instance.name, fallback="tag")


def connect():
    pre_save.connect(_give_tag_a_slug, sender=Tag, dispatch_uid="tag-slug-fallback")
    readers_see(Post, PostAuthor, Tag, TaggedItem)
