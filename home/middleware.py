from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


class PublicContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Enforce SECURE_CSP on the public site; leave the admin, which relies on inline scripts, alone."""

    def process_response(self, request, response):
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            response._csp_config = {}
        return super().process_response(request, response)


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a POST to an unknown address gets its 404.

    Django redirects any unknown address without a language prefix to the prefixed one, which
    the site's catch-all page route always accepts. For a POST that redirect drops the body
    and turns a webhook or a form sent to the wrong place into a GET of a page that is not there.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.method not in ("GET", "HEAD"):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
