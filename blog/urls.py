from django.urls import path

from blog import feeds, views
from core.caching import cached_public_page as cached

app_name = "blog"

urlpatterns = [
    path("", cached(views.PostListView.as_view()), name="index"),
    path("posts/<slug:slug>/", cached(views.PostDetailView.as_view()), name="post_detail"),
    path("tags/", cached(views.TagListView.as_view()), name="tag_list"),
    path("tags/<slug:slug>/", cached(views.TagPostListView.as_view()), name="tag"),
    path("tags/<slug:slug>/feed/", cached(feeds.TagAtomFeed()), name="tag_feed"),
    path("tags/<slug:slug>/feed/json/", cached(feeds.TagJSONFeed()), name="tag_json_feed"),
    path("archive/<int:year>/", cached(views.ArchiveView.as_view()), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        cached(views.ArchiveView.as_view()),
        name="archive_month",
    ),
    path("search/", cached(views.SearchView.as_view()), name="search"),
    path("feeds/atom/", cached(feeds.PostAtomFeed()), name="atom_feed"),
    path("feeds/rss/", cached(feeds.PostFeed()), name="rss_feed"),
    path("feeds/json/", cached(feeds.PostJSONFeed()), name="json_feed"),
]
