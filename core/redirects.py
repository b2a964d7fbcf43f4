"""Permanent links: old addresses answer 301 to where they went, or 410 when gone.

``moved`` and ``gone`` keep the table in one step: a chain is collapsed as it forms
(A→B, then B→C, stores A→C and B→C), and an address that comes back to life (B→A after
A→B) stops being redirected. The middleware consults the table only for a 404, so a
live page is never shadowed by an old row.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.encoding import iri_to_uri

from core.models import Redirect


def normalized(path):
    """A path as requests show it (percent-encoded, as ``get_full_path()`` gives)."""
    return iri_to_uri(path.strip())


def moved(old, new):
    """``old`` now lives at ``new``."""
    old, new = normalized(old), normalized(new)
    if old == new:
        return
    with transaction.atomic():
        Redirect.objects.filter(old_path=new).delete()
        Redirect.objects.filter(new_path=old).update(new_path=new)
        Redirect.objects.update_or_create(old_path=old, defaults={"new_path": new})


def moved_all(moves):
    """Many ``moved`` at once, as an import makes them: the same rules in a few queries.

    Return the ids of the rows this call created (for old addresses that had none).
    """
    moves = {normalized(old): normalized(new) for old, new in moves}
    moves = {old: new for old, new in moves.items() if old != new}
    if not moves:
        return []
    with transaction.atomic():
        Redirect.objects.filter(old_path__in=set(moves.values())).delete()
        leading_here = list(Redirect.objects.filter(new_path__in=moves))
        for row in leading_here:
            row.new_path = moves[row.new_path]
        Redirect.objects.bulk_update(leading_here, ["new_path"])
        existing = Redirect.objects.in_bulk(list(moves), field_name="old_path")
        changed = [row for old, row in existing.items() if row.new_path != moves[old]]
        for row in changed:
            row.new_path = moves[row.old_path]
        Redirect.objects.bulk_update(changed, ["new_path"])
        created = Redirect.objects.bulk_create(
            Redirect(old_path=old, new_path=new)
            for old, new in moves.items()
            if old not in existing
        )
    return [row.pk for row in created]


def gone(old):
    """``old`` and every address that led to it answer 410 Gone."""
    old = normalized(old)
    with transaction.atomic():
        Redirect.objects.filter(new_path=old).update(new_path="")
        Redirect.objects.update_or_create(old_path=old, defaults={"new_path": ""})


def keep_addresses(model, addresses, public=None):
    """When a row of ``model`` changes its slug, each of its old addresses leads to the new.

    ``addresses(slug)`` lists a row's public addresses (its page, its feed); ``public``
    narrows a query set of rows to those whose addresses readers had (not drafts).
    The old slug is read before the save and the rows written after it.
    """
    label = model._meta.label

    def note_old_slug(sender, instance, raw=False, **kwargs):
        instance._slug_before_save = None
        if raw or instance.pk is None:
            return
        rows = sender._default_manager.filter(pk=instance.pk)
        rows = public(rows) if public else rows
        instance._slug_before_save = rows.values_list("slug", flat=True).first()

    def keep_old_addresses(sender, instance, raw=False, **kwargs):
        old_slug = getattr(instance, "_slug_before_save", None)
        if old_slug and old_slug != instance.slug:
            for old, new in zip(addresses(old_slug), addresses(instance.slug), strict=True):
                moved(old, new)

    pre_save.connect(note_old_slug, sender=model, weak=False, dispatch_uid=f"slug-{label}")
    post_save.connect(
        keep_old_addresses, sender=model, weak=False, dispatch_uid=f"addresses-{label}"
    )


def where_now(paths):
    """{old address: its new one} for those of ``paths`` that moved (not those gone)."""
    wanted = {normalized(path): path for path in paths}
    rows = Redirect.objects.filter(old_path__in=wanted).exclude(new_path="")
    return {wanted[row.old_path]: row.new_path for row in rows}


def forget(paths):
    """Drop the rows of these old addresses (an undone import's posts never existed)."""
    Redirect.objects.filter(old_path__in=[normalized(path) for path in paths]).delete()


def _target(request):
    full = request.get_full_path()
    rows = {row.old_path: row for row in Redirect.objects.filter(old_path__in={full, request.path})}
    if full in rows:
        return rows[full], ""
    if request.path in rows:
        # Found by its path alone: the query (?page=2) goes along.
        query = request.META.get("QUERY_STRING", "")
        return rows[request.path], f"?{query}" if query else ""
    return None, ""


# Old blogs addressed posts by a query on their front page (WordPress's ?p=42,
# ?page_id=7): our front page answers those, so they are looked up before it.
FRONT_PAGE_QUERIES = {"p", "page_id", "cat", "tag"}


class RedirectMiddleware:
    """Answers a 404 from the redirect table: 301 to the new address, or 410 Gone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and FRONT_PAGE_QUERIES & set(request.GET):
            row = Redirect.objects.filter(old_path=request.get_full_path()).first()
            if row is not None:
                return self._answer(request, row, "")
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        row, query = _target(request)
        if row is None:
            return response
        return self._answer(request, row, query)

    @staticmethod
    def _answer(request, row, query):
        if not row.new_path:
            return render(request, "410.html", status=410)
        target = row.new_path
        if query and not urlsplit(target).query:
            target += query
        return HttpResponsePermanentRedirect(target)
