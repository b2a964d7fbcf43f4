from functools import partial

from django.contrib import admin, messages
from django.db import models
from django.urls import path, reverse
from django.utils.translation import gettext as _

from authors.models import Author
from core import editor
from core.admin_language import ChangeMessageMixin
from core.edit_conflicts import ConflictAdminMixin
from core.edit_locks import EditLockAdminMixin
from core.rendering import BIO


@admin.register(Author)
class AuthorAdmin(ChangeMessageMixin, EditLockAdminMixin, ConflictAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "slug", "user", "location"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__username", "user__email"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"widget": editor.MarkdownEditor("admin:authors_author_preview")},
    }
    autocomplete_fields = ["user"]
    conflict_fields = ["display_name", "bio", "meta_description"]

    def _edits_all(self, request):
        return request.user.has_perm("authors.edit_all_authors")

    def get_queryset(self, request):
        authors = super().get_queryset(request)
        if self._edits_all(request) or request.path == reverse("admin:autocomplete"):
            # Finding a co-author for the byline lists names, which readers see anyway.
            return authors
        return authors.filter(user=request.user)

    def _own(self, request, author):
        return author is None or self._edits_all(request) or author.user_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def get_urls(self):
        preview = partial(editor.markdown_preview, allowlist=BIO, may_write=self.may_write)
        return [
            path("preview/", self.admin_site.admin_view(preview), name="authors_author_preview"),
            *super().get_urls(),
        ]

    def may_write(self, request):
        return self.has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        # A writer edits her profile; which account it belongs to is an editor's call.
        return [] if self._edits_all(request) else ["user", "slug", "public_profile"]

    def _warn_unreachable(self, request, authors):
        for author in authors.unreachable():
            messages.warning(
                request,
                _(
                    "%(name)s has no email address: notices of comments on her posts reach "
                    "nobody. Add one to her user account."
                )
                % {"name": author.display_name},
            )

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self._warn_unreachable(request, self.get_queryset(request))
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isdigit():
            self._warn_unreachable(request, self.get_queryset(request).filter(pk=object_id))
        return super().change_view(request, object_id, form_url, extra_context)
