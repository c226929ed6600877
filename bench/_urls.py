"""The site's URLs plus a bare view, the floor the page benchmark (bench/pages.py) compares with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    """Answer through the same middleware and processes as a page, with no query or template."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *site_urlpatterns]
