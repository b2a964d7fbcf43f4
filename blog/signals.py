"""Posts, bylines and tags are what readers see; a tag always gets an address; a post's
or tag's old address keeps leading readers to it (core.redirects)."""

from django.db.models.signals import pre_delete, pre_save
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from blog.models import Post, PostAuthor
from core import redirects
from core.caching import readers_see
from core.slugs import unique_slug


def _give_tag_a_slug(sender, instance, raw=False, **kwargs):
    # A name with no letter or digit ("#", "–", an emoji) gets the slug "" from taggit,
    # which no tag URL can hold: every page listing the tag would fail.
    if not raw and not instance.slug:
        instance.slug = unique_slug(instance, instance.name, fallback="tag")


def _post_addresses(slug):
    return [reverse("blog:post_detail", kwargs={"slug": slug})]


def _tag_addresses(slug):
    return [
        reverse("blog:tag", kwargs={"slug": slug}),
        reverse("blog:tag_feed", kwargs={"slug": slug}),
    ]


def _published(posts):
    # A draft's address was never given to readers.
    return posts.filter(status=Post.Status.PUBLISHED)


def _post_gone(sender, instance, **kwargs):
    if Post.objects.published().filter(pk=instance.pk).exists():
        redirects.gone(instance.get_absolute_url())


def connect():
    pre_save.connect(_give_tag_a_slug, sender=Tag, dispatch_uid="tag-slug-fallback")
    redirects.keep_addresses(Post, _post_addresses, public=_published)
    redirects.keep_addresses(Tag, _tag_addresses)
    pre_delete.connect(_post_gone, sender=Post, dispatch_uid="post-gone")
    readers_see(Post, PostAuthor, Tag, TaggedItem)
