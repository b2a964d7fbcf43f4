"""Posting a comment the way a browser does: open the post page, fill in its form, send."""

import re

from django.test import Client

_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')
_ACTION = re.compile(r'<form class="comment-form" method="post" action="([^"]+)"')


def form_of(response):
    html = response.content.decode()
    action = _ACTION.search(html)
    assert action, "the page has no comment form"
    return action.group(1).split("#")[0], dict(_HIDDEN.findall(html))


def open_form(client, url):
    return form_of(client.get(url))


def send(client, action, hidden, ip="192.0.2.10", **fields):
    data = {"name": "Lukija", "email": "lukija@example.com", "body": "Hyvä kirjoitus!"}
    data.update(hidden)
    data.update(fields)
    return client.post(action, {k: v for k, v in data.items() if v is not None}, REMOTE_ADDR=ip)


def comment_on(post, client=None, ip="192.0.2.10", **fields):
    """Open the post's page and send a comment; the caller's settings decide the timing."""
    client = client or Client()
    action, hidden = open_form(client, post.get_absolute_url())
    return send(client, action, hidden, ip=ip, **fields)
