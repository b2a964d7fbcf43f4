"""Endpoints the admin's editor calls: preview, tag suggestions and image upload.

Each is mounted by a ModelAdmin inside ``admin_site.admin_view`` (staff only, CSRF
checked on POST) and asks that ModelAdmin whether this user may write at all.
"""

from http import HTTPStatus

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from blog.models import PostImage
from core.images import ImageUploadField
from core.rendering import render_markdown

TAG_SUGGESTIONS = 10


def markdown_preview(request, allowlist, may_write):
    if not may_write(request):
        raise PermissionDenied
    text = request.POST.get("text", "")
    if len(text) > allowlist.max_length:
        # The same limit as the form's: saving this text would be refused too.
        message = gettext(
            "The text has %(length)s characters; at most %(limit)s can be saved or previewed."
        ) % {"length": len(text), "limit": allowlist.max_length}
        return JsonResponse({"error": message}, status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return JsonResponse({"html": render_markdown(text, allowlist)})


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


markdown_preview = require_POST(markdown_preview)
tag_suggestions = require_GET(tag_suggestions)
upload_image = require_POST(upload_image)
