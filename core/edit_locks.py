"""Who has a post (or a profile) open in the admin: "Riina is editing this".

As WordPress's post lock: opening the change page takes the lock unless someone else
holds it, the open page renews it every minute, and it lapses by itself
``LOCK_SECONDS`` after the last renewal (a closed tab, a lost connection). Nothing is
refused by it: it warns, and core.edit_conflicts keeps the texts apart if both save.
"""

import time

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

LOCK_SECONDS = 150
RENEW_SECONDS = 60


def _key(obj):
    return f"edit-lock:{obj._meta.label_lower}:{obj.pk}"


def writer_name(user):
    """How a writer is named to other writers: her author name, else her account's."""
    profile = getattr(user, "author_profile", None)
    return str(profile) if profile else user.get_full_name() or user.get_username()


def take(obj, user):
    """Hold ``obj`` for ``user`` unless another holds it; return that other's name or None."""
    holder = cache.get(_key(obj))
    if holder and holder["user"] != user.pk and holder["until"] > time.time():
        return holder["name"]
    lock = {"user": user.pk, "name": writer_name(user), "until": time.time() + LOCK_SECONDS}
    cache.set(_key(obj), lock, LOCK_SECONDS)
    return None


def release(obj, user):
    holder = cache.get(_key(obj))
    if holder and holder["user"] == user.pk:
        cache.delete(_key(obj))


class EditLockAdminMixin:
    """Warns on the change page while another writer has the object open."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The change view has fetched the object already: the lock costs no query of its own.
        if change and obj is not None and self.has_change_permission(request, obj):
            other = take(obj, request.user)
            # A form sent back (a conflict, a mistake) says what matters itself.
            if other and request.method == "GET":
                messages.warning(
                    request,
                    _(
                        "%(name)s is editing this now. If you both save, the second to save "
                        "is shown what the first changed, and nothing is lost."
                    )
                    % {"name": other},
                )
            info = self.opts.app_label, self.opts.model_name
            context.update(
                edit_lock_url=reverse(f"admin:{info[0]}_{info[1]}_lock", args=[obj.pk]),
                edit_lock_renew_seconds=RENEW_SECONDS,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        lock = self.admin_site.admin_view(require_POST(self.edit_lock_view))
        return [
            path("<path:object_id>/lock/", lock, name="{}_{}_lock".format(*info)),
            *super().get_urls(),
        ]

    def edit_lock_view(self, request, object_id):
        """The open page renews its lock, or gives it up when it closes (``release``)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("release"):
            release(obj, request.user)
            return JsonResponse({"editing": None})
        return JsonResponse({"editing": take(obj, request.user)})
