from django.contrib import admin

from core.models import Redirect
from core.redirects import normalized


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Editors keep old addresses alive; the site adds rows itself when addresses change."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        obj.old_path = normalized(obj.old_path)
        obj.new_path = normalized(obj.new_path)
        super().save_model(request, obj, form, change)
