"""Signing in to the admin: lockout after repeated failures, passwords, and the language."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "Kahvitauko-kello-10"


@pytest.fixture
def writer():
    user = UserFactory(username="saija", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": "saija", "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_name_out_from_that_address(writer, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "väärä")
        assert response.status_code == HTTPStatus.OK
        assert "syötä henkilökuntatilin käyttäjätunnus ja salasana" in response.content.decode()
    locked = sign_in(client, "väärä")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = locked.content.decode()
    assert "Liian monta epäonnistunutta kirjautumista" in page
    assert "Yritä uudelleen 15 minuutin kuluttua" in page
    # Even the right password is refused while the lock holds.
    assert sign_in(client, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_a_stranger_guessing_elsewhere_does_not_lock_the_writer_out(writer, settings):
    stranger = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(stranger, "arvaus", address="203.0.113.66")
    assert sign_in(Client(), PASSWORD).status_code == HTTPStatus.FOUND


def test_the_lock_opens_after_the_cool_off(writer, client, settings):
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "väärä")
        assert sign_in(client, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert sign_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_a_successful_sign_in_forgets_earlier_failures(writer, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "väärä")
    assert sign_in(client, PASSWORD).status_code == HTTPStatus.FOUND
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "väärä")
    assert sign_in(client, PASSWORD).status_code == HTTPStatus.FOUND


def test_admin_refuses_a_weak_password(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "riina", "password1": "salasana", "password2": "salasana",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    assert "Tämä salasana on liian yleinen" in response.content.decode()


def test_admin_speaks_finnish_with_djangos_strings_and_ours(client):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="fi"' in page and "Käyttäjätunnus" in page and "Kirjaudu sisään" in page
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    PostFactory()
    posts = client.get("/admin/blog/post/").content.decode()
    assert "Julkaise valitut kirjoitukset" in posts and "kirjoittajatieto" in posts
