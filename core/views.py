"""Site-wide pages that belong to no app: robots.txt, the CSRF refusal, uploaded files."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView
from django.views.static import serve

# An upload never changes under its name (a new one gets a new name), so browsers may
# keep it a while; a day leaves room for a file replaced by hand.
MEDIA_MAX_AGE = 60 * 60 * 24


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def csrf_failure(request, reason=""):
    """Django's CSRF refusal in the site's look, giving back what the writer typed."""
    return render(
        request, "403_csrf.html", {"typed_text": request.POST.get("body", "")}, status=403
    )


def media(request, path):
    """An uploaded file, where nothing in front of the site serves them (SERVE_MEDIA)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
