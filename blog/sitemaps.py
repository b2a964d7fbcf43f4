from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from authors.models import Author
from authors.topics import AUTHORS
from blog import topics
from blog.models import Post
from core.caching import shows


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # Every post's address and when its text last changed.
        shows(topics.POSTS, topics.TEXTS)
        return Post.objects.published().only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at

    def get_latest_lastmod(self):
        # For the index: one query, where Django's own asks every post's date in turn.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        shows(AUTHORS)
        return Author.objects.public().only("slug").order_by("slug")


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        shows(topics.TAGS)
        tags = Tag.objects.filter(pk__in=Post.objects.published().values("tags"))
        return tags.only("slug").order_by("name")

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["blog:index", "authors:list", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
