from django.urls import path

from blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="index"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", feeds.TagAtomFeed(), name="tag_feed"),
    path("archive/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/atom/", feeds.PostAtomFeed(), name="atom_feed"),
    path("feeds/rss/", feeds.PostFeed(), name="rss_feed"),
]
