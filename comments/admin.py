from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blog.caching import content_changed
from comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["post"]
    search_fields = ["name", "email", "body"]
    raw_id_fields = ["post", "parent"]
    readonly_fields = ["ip_hash"]
    actions = ["approve", "mark_spam", "remove"]

    def _set_status(self, request, queryset, status):
        updated = queryset.update(status=status)
        content_changed()
        self.message_user(request, _("%(count)d comment(s) updated.") % {"count": updated})

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM)

    @admin.action(description=_("Remove selected comments"), permissions=["change"])
    def remove(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.REMOVED)
