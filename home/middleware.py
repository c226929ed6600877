import functools

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

from home.languages import language_from_accept_header


class PublicContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Enforce SECURE_CSP on the public site; leave the admin, which relies on inline scripts, alone."""

    def process_response(self, request, response):
        if request.path_info.startswith(_admin_prefix()):
            response._csp_config = {}
        return super().process_response(request, response)


@functools.cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a POST to an unknown address gets its 404, and that
    a first visit follows the fallback chains.

    Django redirects any unknown address without a language prefix to the prefixed one, which
    the site's catch-all page route always accepts. For a POST that redirect drops the body
    and turns a webhook or a form sent to the wrong place into a GET of a page that is not there.

    Without a language in the address or a cookie, Django reads Accept-Language but knows only
    the site's languages: a browser asking for Croatian or Bosnian would get English, where
    LANGUAGE_FALLBACKS says that these readers read Serbian in Latin script.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
            return
        language = language_from_accept_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if response.status_code == 404 and request.method not in ("GET", "HEAD"):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
