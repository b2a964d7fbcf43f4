"""Endpoints the post editor calls: tag suggestions and image upload (the preview is core's).

Each is mounted by a ModelAdmin inside ``admin_site.admin_view`` (staff only, CSRF
checked on POST) and asks that ModelAdmin whether this user may write at all.
"""

from http import HTTPStatus

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from taggit.forms import TagWidget
from taggit.models import Tag

from blog.models import PostImage
from core.images import ImageUploadField

TAG_SUGGESTIONS = 10


def tag_suggestions(request, may_write):
    if not may_write(request):
        raise PermissionDenied
    # Matched on the slug, made by taggit's own rule: ASCII, so "tyo" finds "työelämä" and
    # SQLite (which folds only ASCII case) finds "TYÖ" too.
    typed = Tag().slugify(request.GET.get("q", ""))
    if not typed:
        return JsonResponse({"tags": []})
    starting = list(
        Tag.objects.filter(slug__startswith=typed)
        .order_by("name")
        .values_list("name", flat=True)[:TAG_SUGGESTIONS]
    )
    containing = (
        Tag.objects.filter(slug__contains=typed)
        .exclude(slug__startswith=typed)
        .order_by("name")
        .values_list("name", flat=True)[: TAG_SUGGESTIONS - len(starting)]
    )
    return JsonResponse({"tags": starting + list(containing)})


class TagSuggestWidget(TagWidget):
    """Taggit's comma-separated field, with the site's existing tags offered while typing."""

    def __init__(self, suggest_url_name, attrs=None):
        super().__init__(attrs)
        self.suggest_url_name = suggest_url_name

    class Media:
        js = ["blog/admin/tag-suggest.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-suggest-url"] = reverse(self.suggest_url_name)
        context["widget"]["attrs"]["autocomplete"] = "off"
        return context


class ImageUploadForm(forms.Form):
    image = ImageUploadField()


def upload_image(request, may_write):
    """EasyMDE's upload protocol: ``{"data": {"filePath": url}}`` or ``{"error": text}``."""
    if not may_write(request):
        raise PermissionDenied
    form = ImageUploadForm(files=request.FILES)
    if not form.is_valid():
        return JsonResponse(
            {"error": " ".join(form.errors["image"])}, status=HTTPStatus.BAD_REQUEST
        )
    picture = PostImage.objects.create(image=form.cleaned_data["image"], uploaded_by=request.user)
    return JsonResponse({"data": {"filePath": picture.image.url}})


tag_suggestions = require_GET(tag_suggestions)
upload_image = require_POST(upload_image)
