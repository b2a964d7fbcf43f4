from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from blog.sitemaps import SITEMAPS, posts_section
from blog.sitemaps import index as sitemap_index
from core.caching import cached_public_page
from core.views import RobotsView, media

urlpatterns = [
    path("admin/", admin.site.urls),
    # Forging a language switch does no harm, and a page without a CSRF token can be
    # cached whole for every anonymous reader.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # An index of the sections, each a file of at most 50,000 addresses (?p=2 beyond), as
    # the sitemap protocol asks.
    path(
        "sitemap.xml",
        cached_public_page(sitemap_index),
        name="sitemap",
    ),
    path("sitemap-posts.xml", cached_public_page(posts_section), name="sitemap_posts"),
    path(
        "sitemap-<section>.xml",
        cached_public_page(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", cached_public_page(RobotsView.as_view()), name="robots"),
    path("authors/", include("blog.author_urls")),
    path("", include("comments.urls")),
    path("", include("following.urls")),
    path("", include("blog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media))
