"""Site-wide pages that belong to no app: robots.txt and the CSRF refusal."""

from django.shortcuts import render
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def csrf_failure(request, reason=""):
    """Django's CSRF refusal in the site's look, giving back what the writer typed."""
    return render(
        request, "403_csrf.html", {"typed_text": request.POST.get("body", "")}, status=403
    )
