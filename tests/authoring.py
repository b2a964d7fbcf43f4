"""Signing in as a writer in a role and editing posts through the real admin."""

from http import HTTPStatus

from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import PostFactory, UserFactory

ADMIN = "/admin/blog/post/"


def member(role):
    user = UserFactory(is_staff=True, first_name="Riina", last_name=role)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client


def post_of(user, **fields):
    return PostFactory(authors=[user.author_profile], **fields)


def edit(client, post, url=None, **changes):
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": "",
        "tags": "",
        "status": post.status,
        "published_at_0": "",
        "published_at_1": "",
        "featured_image_alt": "",
        "comments_open": "on",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        **changes,
    }
    return client.post(url or f"{ADMIN}{post.pk}/change/", data)


def reachable(client, url):
    response = client.get(url)
    return response.status_code == HTTPStatus.OK
