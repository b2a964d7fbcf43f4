import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core.admin_language import ChangeMessageMixin
from following.models import Announcement, Delivery, Follow, Follower


class FollowInline(admin.TabularInline):
    model = Follow
    fields = ["kind", "author", "tag", "comment", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        # A follow is asked for by its reader, and confirmed by her: never made for her.
        return False


@admin.register(Follower)
class FollowerAdmin(ChangeMessageMixin, admin.ModelAdmin):
    """Editors see who follows what, export it, and remove an address on request."""

    list_display = ["email", "language", "follow_count", "created_at", "refused_at"]
    list_filter = ["language", "follows__kind", ("refused_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "created_at", "asked_at", "refused_at"]
    fields = readonly_fields
    inlines = [FollowInline]
    actions = ["export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(confirmed=Count("follows", filter=Q(follows__confirmed_at__isnull=False)))
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("confirmed follows"), ordering="confirmed")
    def follow_count(self, follower):
        return follower.confirmed

    @admin.action(description=_("Export the selected followers (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="followers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "language", "follows", "confirmed", "created"])
        follows = queryset.prefetch_related(
            "follows__author", "follows__tag", "follows__comment__post"
        )
        for follower in follows:
            for follow in follower.follows.all():
                writer.writerow(
                    [
                        _csv_safe(follower.email),
                        follower.language,
                        _csv_safe(str(follow.subject())),
                        follow.confirmed_at.isoformat() if follow.confirmed_at else "",
                        follower.created_at.isoformat(),
                    ]
                )
        return response


def _csv_safe(text):
    # A spreadsheet runs a cell that starts with one of these as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Each post that went out to its followers: when, to how many, and how it went."""

    list_display = ["post", "due_at", "state", "recipients", "sent", "refused"]
    list_filter = ["state"]
    list_select_related = ["post"]
    search_fields = ["post__title"]
    readonly_fields = ["post", "due_at", "state", "recipients", "created_at"]
    fields = readonly_fields

    def get_queryset(self, request):
        deliveries = "post__deliveries__state"
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("post__deliveries", filter=Q(**{deliveries: Delivery.State.SENT})),
                refused_count=Count(
                    "post__deliveries", filter=Q(**{deliveries: Delivery.State.FAILED})
                ),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent(self, announcement):
        return announcement.sent_count

    @admin.display(description=_("refused"), ordering="refused_count")
    def refused(self, announcement):
        return announcement.refused_count
