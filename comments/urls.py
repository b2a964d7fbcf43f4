from django.urls import path

from comments.views import CommentCreateView

app_name = "comments"

urlpatterns = [
    path("posts/<slug:slug>/comments/", CommentCreateView.as_view(), name="create"),
]
