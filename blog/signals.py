"""Any save or delete that readers could see moves the public content version on."""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog.caching import content_changed
from blog.models import Post, PostAuthor
from comments.models import Comment

WATCHED = (Post, PostAuthor, Author, Comment, Tag, TaggedItem)


def _changed(sender, **kwargs):
    if not kwargs.get("raw"):
        content_changed()


def connect():
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-del")
