"""Posts, bylines and tags are what readers see; a tag always gets an address; a post's
or tag's old address keeps leading readers to it (core.redirects)."""

from django.db.models.signals import post_save, pre_delete, pre_save
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


def _addresses(model, slug):
    """A post's or a tag's public addresses under ``slug``."""
    if model is Post:
        return [reverse("blog:post_detail", kwargs={"slug": slug})]
    return [
        reverse("blog:tag", kwargs={"slug": slug}),
        reverse("blog:tag_feed", kwargs={"slug": slug}),
    ]


def _note_old_addresses(sender, instance, raw=False, **kwargs):
    instance._old_addresses = []
    if raw or instance.pk is None:
        return
    rows = sender.objects.filter(pk=instance.pk)
    if sender is Post:
        # A draft's address was never given to readers.
        rows = rows.filter(status=Post.Status.PUBLISHED)
    old_slug = rows.values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        instance._old_addresses = _addresses(sender, old_slug)


def _keep_old_addresses(sender, instance, raw=False, **kwargs):
    new_addresses = _addresses(sender, instance.slug)
    for old, new in zip(getattr(instance, "_old_addresses", []), new_addresses, strict=False):
        redirects.moved(old, new)


def _post_gone(sender, instance, **kwargs):
    if Post.objects.published().filter(pk=instance.pk).exists():
        redirects.gone(instance.get_absolute_url())


def connect():
    pre_save.connect(_give_tag_a_slug, sender=Tag, dispatch_uid="tag-slug-fallback")
    for model in (Post, Tag):
        name = model.__name__
        pre_save.connect(_note_old_addresses, sender=model, dispatch_uid=f"old-address-{name}")
        post_save.connect(_keep_old_addresses, sender=model, dispatch_uid=f"keep-address-{name}")
    pre_delete.connect(_post_gone, sender=Post, dispatch_uid="post-gone")
    readers_see(Post, PostAuthor, Tag, TaggedItem)
