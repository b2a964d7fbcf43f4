"""The admin's Markdown editor, for every text written in Markdown, and its preview.

EasyMDE (from npm, served from static/vendor/) draws the toolbar; its preview is never
rendered in the browser. It asks the admin's preview endpoint, which runs the very
function a save runs (``core.rendering.render_markdown``) with the same allowlist, so
the preview is what readers will get. Each ModelAdmin mounts ``markdown_preview`` with
its allowlist, inside ``admin_site.admin_view`` (staff only, CSRF checked).
"""

import json
from http import HTTPStatus

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.images import NOT_AN_IMAGE
from core.rendering import render_markdown

EDITOR_LABELS = {
    "bold": _("Bold"),
    "italic": _("Italic"),
    "heading": _("Heading"),
    "quote": _("Quote"),
    "unordered-list": _("Bulleted list"),
    "ordered-list": _("Numbered list"),
    "link": _("Link"),
    "image": _("Image by address"),
    "upload-image": _("Upload an image"),
    "table": _("Table"),
    "preview": _("Preview"),
    "side-by-side": _("Side by side with the preview"),
    "fullscreen": _("Full screen"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "words": _("Words: %(count)s"),
    "loading": _("Rendering the preview…"),
    "failed": _("The preview could not be made. Your text is safe; try again."),
    "uploading": _("Uploading #file_name#: #progress#%"),
    "uploaded": _(
        "Uploaded #image_name#. Describe it in the brackets for readers who cannot see it."
    ),
    "drop": _("Drop the image here to upload it."),
    "noFile": _("Choose an image file first."),
    "wrongType": NOT_AN_IMAGE,
    "tooLarge": _("#image_name# is #image_size#; images may be at most #image_max_size#."),
    "uploadFailed": _("#image_name# could not be uploaded. Your text is safe; try again."),
    "attach": _("Drag an image here or paste it to upload it."),
    "draftRestored": _("Restored the text you had not saved (%(time)s)."),
    "draftOlder": _(
        "You have text from %(time)s that was not saved, written before this was saved "
        "again. If you restore it, saving shows you both texts first."
    ),
    "restoreDraft": _("Restore it"),
    "discardDraft": _("Discard it and show the saved text"),
}


class MarkdownEditor(forms.Textarea):
    def __init__(self, preview_url_name, upload_url_name=None, attrs=None):
        super().__init__(attrs)
        self.preview_url_name = preview_url_name
        self.upload_url_name = upload_url_name

    class Media:
        css = {
            "all": [
                "vendor/fontawesome/css/fontawesome.min.css",
                "vendor/fontawesome/css/solid.min.css",
                "vendor/fontawesome/css/v4-shims.min.css",
                "vendor/easymde/easymde.min.css",
                "blog/admin/editor.css",
            ]
        }
        js = ["vendor/easymde/easymde.min.js", "blog/admin/markdown-editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-markdown-editor"] = "1"
        widget_attrs["data-preview-url"] = reverse(self.preview_url_name)
        if self.upload_url_name:
            widget_attrs["data-upload-url"] = reverse(self.upload_url_name)
            widget_attrs["data-image-max-bytes"] = settings.IMAGE_MAX_BYTES
        widget_attrs["data-labels"] = json.dumps({k: str(v) for k, v in EDITOR_LABELS.items()})
        return context


@require_POST
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
