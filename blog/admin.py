from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")
