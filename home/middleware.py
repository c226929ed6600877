from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import reverse


class PublicContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Enforce SECURE_CSP on the public site; leave the admin, which relies on inline scripts, alone."""

    def process_response(self, request, response):
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            response._csp_config = {}
        return super().process_response(request, response)
