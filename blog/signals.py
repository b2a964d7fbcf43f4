"""Posts, bylines and tags are what readers see; a tag always gets an address; a post's
or tag's old address keeps leading readers to it (core.redirects)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog import topics
from blog.models import Post, PostAuthor, TagDescription
from core import redirects
from core.caching import readers_see
from core.models import SiteIdentity
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
        reverse("blog:tag_json_feed", kwargs={"slug": slug}),
    ]


def _published(posts):
    # A draft's address was never given to readers.
    return posts.filter(status=Post.Status.PUBLISHED)


def _post_gone(sender, instance, **kwargs):
    if Post.objects.published().filter(pk=instance.pk).exists():
        redirects.gone(instance.get_absolute_url())


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Post):
        Post.objects.filter(pk=instance.pk).refresh_search_labels()
    elif pk_set:
        # From the tag's side: the posts it was added to or taken from.
        Post.objects.filter(pk__in=pk_set).refresh_search_labels()


def _tag_renamed(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        Post.objects.filter(tags=instance).refresh_search_labels()


def _author_renamed(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        posts = Post.objects.filter(authors=instance)
        posts.refresh_search_labels()
        posts.mark_social_cards_stale()


def _byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        posts = Post.objects.filter(pk=instance.post_id)
        posts.refresh_search_labels()
        posts.mark_social_cards_stale()


def _site_renamed(sender, raw=False, **kwargs):
    # Every card shows the site's name on its accent colour.
    if not raw:
        Post.objects.mark_social_cards_stale()


def connect():
    pre_save.connect(_give_tag_a_slug, sender=Tag, dispatch_uid="tag-slug-fallback")
    redirects.keep_addresses(Post, _post_addresses, public=_published)
    redirects.keep_addresses(Tag, _tag_addresses)
    pre_delete.connect(_post_gone, sender=Post, dispatch_uid="post-gone")
    readers_see(Post, topics.posts_changed, gone=topics.posts_gone)
    readers_see(PostAuthor, topics.bylines_changed)
    readers_see(Tag, topics.tags_changed)
    readers_see(TaggedItem, topics.taggings_changed)
    readers_see(TagDescription, topics.tag_descriptions_changed)
    # Search matches a post by its tags and authors too.
    m2m_changed.connect(_tags_changed, sender=Post.tags.through, dispatch_uid="search-tags")
    post_save.connect(_tag_renamed, sender=Tag, dispatch_uid="search-tag-name")
    post_save.connect(_author_renamed, sender=Author, dispatch_uid="search-author-name")
    post_save.connect(_byline_changed, sender=PostAuthor, dispatch_uid="search-byline")
    post_delete.connect(_byline_changed, sender=PostAuthor, dispatch_uid="search-byline-gone")
    post_save.connect(_site_renamed, sender=SiteIdentity, dispatch_uid="cards-site-identity")
