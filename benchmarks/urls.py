"""The site's URLs plus the benchmark's ceiling: the cheapest page Django can serve."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    """No template, no query: what the same server and middleware cost by themselves."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *site_urlpatterns]
