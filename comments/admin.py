from django.contrib import admin
from django.db import models
from django.db.models import Case, Value, When
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog import permissions
from comments.models import MODERATE_ALL, BlockedTerm, Comment
from core.admin_language import ChangeMessageMixin


def can_moderate_every_post(user):
    return user.has_perm(MODERATE_ALL)


@admin.register(Comment)
class CommentAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """The moderation queue: pending first; an author sees the comments on her own posts."""

    list_display = ["name", "excerpt", "post", "status", "note", "created_at"]
    list_display_links = ["name", "excerpt"]
    list_filter = ["status", ("post", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["post"]
    search_fields = ["name", "email", "body", "post__title"]
    ordering = [
        Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1)),
        "-created_at",
    ]
    date_hierarchy = "created_at"
    raw_id_fields = ["post", "parent"]
    readonly_fields = ["post", "parent", "created_at", "ip_hash", "note"]
    fields = [
        "post",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "status",
        "note",
        "created_at",
        "ip_hash",
    ]
    actions = ["approve", "mark_spam", "remove"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("moderation note"))
    def note(self, comment):
        return comment.moderation_note_text()

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return truncatechars(comment.body, 80)

    def get_queryset(self, request):
        comments = super().get_queryset(request)
        if can_moderate_every_post(request.user):
            return comments
        return comments.filter(post__authors__user=request.user).distinct()

    def has_add_permission(self, request):
        # Comments come from readers, through the form on the post page.
        return False

    def _own(self, request, comment):
        return (
            comment is None
            or can_moderate_every_post(request.user)
            or permissions.is_author_of(request.user, comment.post)
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def _set_status(self, request, queryset, status):
        # The queryset is the selection within get_queryset: only comments this user
        # moderates, each one checked in SQL.
        updated = queryset.set_status(status)
        self.message_user(
            request,
            ngettext(
                "%(count)d comment is now “%(status)s”.",
                "%(count)d comments are now “%(status)s”.",
                updated,
            )
            % {"count": updated, "status": Comment.Status(status).label},
        )

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM)

    @admin.action(description=_("Remove selected comments"), permissions=["change"])
    def remove(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.REMOVED)


@admin.register(BlockedTerm)
class BlockedTermAdmin(ChangeMessageMixin, admin.ModelAdmin):
    list_display = ["value", "kind", "action", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value"]
