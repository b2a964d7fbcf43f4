from django.urls import path

from following import views

app_name = "following"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/asked/", views.asked, name="asked"),
    path("follow/confirm/<str:token>/<str:code>/", views.confirm, name="confirm"),
    path("follow/manage/<str:token>/", views.manage, name="manage"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
