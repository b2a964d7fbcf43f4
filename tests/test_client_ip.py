"""The reader's address behind our own proxies (DJANGO_TRUSTED_PROXY_COUNT)."""

import pytest
from django.test import RequestFactory

from comments.models import Comment
from comments.privacy import hash_ip
from core.client_ip import client_ip
from tests.commenting import comment_on
from tests.factories import PostFactory

PROXY = "10.0.0.5"


def address(forwarded=None, **headers):
    meta = {"REMOTE_ADDR": PROXY, **headers}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_no_header_is_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.7") == PROXY
    assert address(HTTP_CF_CONNECTING_IP="198.51.100.7", HTTP_X_REAL_IP="198.51.100.8") == PROXY


@pytest.mark.parametrize(
    ("forwarded", "reader"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # What the reader wrote herself is on the left; our proxy appended the rest.
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),
        ("not-an-address, 203.0.113.9", "203.0.113.9"),
        ("203.0.113.9:5555", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_behind_one_proxy_the_reader_is_the_last_address(settings, forwarded, reader):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address(forwarded) == reader


def test_behind_two_proxies_the_reader_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address("198.51.100.1, 203.0.113.9, 192.0.2.44") == "203.0.113.9"


def test_a_header_shorter_than_the_proxy_chain_gives_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address("203.0.113.9") == PROXY
    assert address("") == PROXY
    assert address() == PROXY


def test_a_cdn_header_is_never_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("203.0.113.9", HTTP_CF_CONNECTING_IP="198.51.100.7") == "203.0.113.9"
    assert address(HTTP_TRUE_CLIENT_IP="198.51.100.7") == PROXY


@pytest.mark.django_db
def test_a_comment_through_our_proxy_is_hashed_from_the_readers_address(
    settings, client, quick_comments
):
    settings.TRUSTED_PROXY_COUNT = 1
    client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.1, 203.0.113.9"
    comment_on(PostFactory(), client, ip=PROXY)
    assert Comment.objects.get().ip_hash == hash_ip("203.0.113.9")
