"""A staff user in one of the writing roles gets an author profile by herself; a profile
is what readers see of her, and its old address keeps leading to it."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save
from django.urls import reverse
from django.utils.translation import gettext as _

from authors.models import Author
from authors.topics import authors_changed
from core import redirects
from core.caching import readers_see
from core.roles import ROLES


def ensure_profile(user):
    if not user.is_staff or Author.objects.filter(user=user).exists():
        return None
    if not user.groups.filter(name__in=ROLES).exists():
        return None
    # Never the sign-in name: the profile's address and byline would show it to everyone.
    return Author.objects.create(user=user, display_name=user.get_full_name() or _("Writer"))


def _user_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_profile(instance)


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "post_add":
        return
    users = get_user_model().objects.filter(pk__in=pk_set) if reverse else [instance]
    for user in users:
        ensure_profile(user)


def _addresses(slug):
    return [
        reverse("authors:detail", kwargs={"slug": slug}),
        reverse("authors:feed", kwargs={"slug": slug}),
        reverse("authors:json_feed", kwargs={"slug": slug}),
    ]


def connect():
    readers_see(Author, authors_changed)
    redirects.keep_addresses(Author, _addresses)
    user_model = get_user_model()
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="authors-profile-user")
    m2m_changed.connect(
        _groups_changed, sender=user_model.groups.through, dispatch_uid="authors-profile-groups"
    )
