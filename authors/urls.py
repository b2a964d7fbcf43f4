from django.urls import path

from authors import views
from blog.feeds import AuthorAtomFeed
from core.caching import cached_public_page as cached

app_name = "authors"

urlpatterns = [
    path("", cached(views.AuthorListView.as_view()), name="list"),
    path("<slug:slug>/", cached(views.AuthorDetailView.as_view()), name="detail"),
    path("<slug:slug>/feed/", cached(AuthorAtomFeed()), name="feed"),
]
