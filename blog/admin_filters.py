"""The post list's own filters: who wrote it, whether anyone did, and when it goes out."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from authors.models import Author


class AuthorFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        posts = model_admin.get_queryset(request)
        authors = Author.objects.filter(bylines__post__in=posts).distinct()
        return [(str(author.pk), author.display_name) for author in authors]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(bylines__author_id=self.value())
        return queryset


class AttributionFilter(admin.SimpleListFilter):
    """Imported posts whose writer could not be told wait here for an editor."""

    title = _("attribution")
    parameter_name = "attributed"

    def lookups(self, request, model_admin):
        return [("no", _("Unattributed")), ("yes", _("Has an author"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(bylines=None)
        if self.value() == "yes":
            return queryset.exclude(bylines=None)
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("live", _("Live on the site")), ("scheduled", _("Scheduled"))]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset
