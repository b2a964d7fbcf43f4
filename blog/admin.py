from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from authors.models import Author
from blog import permissions
from blog.caching import content_changed
from blog.models import Post, PostAuthor


class PostAuthorInline(admin.TabularInline):
    model = PostAuthor
    extra = 0
    autocomplete_fields = ["author"]
    ordering = ["position"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "date_unknown", "reading_time"]
    list_filter = ["status", "date_unknown", "tags"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    inlines = [PostAuthorInline]
    readonly_fields = ["import_source", "import_notes", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt", "tags"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "date_unknown"]}),
        (_("Featured image"), {"fields": ["featured_image", "featured_image_alt"]}),
        (_("Discussion"), {"fields": ["comments_open", "comments_close_after_days"]}),
        (
            _("Import"),
            {
                "fields": ["import_source", "import_notes", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        posts = super().get_queryset(request).prefetch_related("tags")
        return permissions.posts_visible_to(request.user, posts)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not permissions.can_publish(request.user):
            # A contributor writes drafts; an author or editor publishes them.
            fields += ["status", "published_at"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not permissions.can_publish(request.user):
            obj.status = Post.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        post = form.instance
        own = Author.objects.filter(user=request.user).first()
        if own is not None and not post.bylines.exists():
            # A writer's new post is hers unless an editor named other authors.
            post.set_authors([own])

    # An action gets only the selected posts that get_queryset lets this user reach, so
    # the per-object rule has already been applied to every one of them in SQL.
    @admin.action(description=_("Publish selected posts"), permissions=["publish"])
    def publish(self, request, queryset):
        queryset.filter(published_at=None).update(published_at=timezone.now())
        count = queryset.update(status=Post.Status.PUBLISHED)
        content_changed()
        self.message_user(
            request,
            ngettext("%(count)d post published.", "%(count)d posts published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Return selected posts to drafts"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Post.Status.DRAFT)
        content_changed()
        self.message_user(
            request,
            ngettext(
                "%(count)d post returned to drafts.",
                "%(count)d posts returned to drafts.",
                count,
            )
            % {"count": count},
        )
