"""The site's error pages: in the reader's language and direction, and never an error themselves.

Django's own handlers are wrapped in `requires_csrf_token`, which reads the POST again: a body
Django cannot decode (a form declaring `charset=latin-1`, say) then fails inside the 400
handler and becomes a 500. These read nothing from the request but its path and language.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _render(request, status, title, message):
    """Render the standalone error page: no database, no session, no form, only the language."""
    context = {
        "status": status,
        "title": title,
        "message": message,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "home_path": f"/{get_language()}/",
    }
    return HttpResponse(loader.get_template("errors/error.html").render(context), status=status)


def page_not_found(request, exception=None):
    """Render the site's 404 page, with its navigation, so that the reader can find their way."""
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return _render(
        request,
        400,
        _("This request could not be understood"),
        _("Something in what your browser sent was malformed. Go back, check the form and try again."),
    )


def permission_denied(request, exception=None):
    return _render(
        request,
        403,
        _("Access denied"),
        _("You do not have permission to see this page."),
    )


def csrf_failure(request, reason=""):
    return _render(
        request,
        403,
        _("This form has expired"),
        _(
            "For your security, forms stop working after a while, or when cookies are blocked. "
            "Go back, reload the page and send the form again."
        ),
    )


def server_error(request):
    return _render(
        request,
        500,
        _("Something went wrong on our side"),
        _("We have been told about it. Please try again in a few minutes."),
    )
