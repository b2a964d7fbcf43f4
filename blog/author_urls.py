"""The author pages: lists of posts, so blog's; named ``authors:*`` like the authors they show."""

from django.urls import path

from blog import feeds, views
from core.caching import cached_public_page as cached

app_name = "authors"

urlpatterns = [
    path("", cached(views.AuthorListView.as_view()), name="list"),
    path("<slug:slug>/", cached(views.AuthorDetailView.as_view()), name="detail"),
    path("<slug:slug>/feed/", cached(feeds.AuthorAtomFeed()), name="feed"),
    path("<slug:slug>/feed/json/", cached(feeds.AuthorJSONFeed()), name="json_feed"),
]
