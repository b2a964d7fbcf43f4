from django.contrib import admin
from django.db import models

from authors.models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "slug", "user", "location"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__username", "user__email"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["user"]
