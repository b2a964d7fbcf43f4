"""Any save or delete that readers could see moves the public content version on; a tag
always gets an address."""

from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog.models import Post, PostAuthor
from comments.models import Comment
from core.caching import content_changed
from core.slugs import unique_slug

WATCHED = (Post, PostAuthor, Author, Comment, Tag, TaggedItem)


def _changed(sender, **kwargs):
    if not kwargs.get("raw"):
        content_changed()


def _give_tag_a_slug(sender, instance, raw=False, **kwargs):
    # A name with no letter or digit ("#", "–", an emoji) gets the slug "" from taggit,
    # which no tag URL can hold: every page listing the tag would fail.
    if not raw and not instance.slug:
        instance.slug = unique_slug(instance, instance.name, fallback="tag")


def connect():
    pre_save.connect(_give_tag_a_slug, sender=Tag, dispatch_uid="tag-slug-fallback")
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-del")
