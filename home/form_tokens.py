"""Forms on cacheable pages: their CSRF token and start time come when a visitor starts filling one in.

Every page may carry a subscribe form (and a campaign page its signature form), yet a page must
stay the same for every visitor so that it can be cached: no CSRF cookie or token, and no signed
start time, in what a GET renders. static/js/forms.js fetches both from `form_tokens` when a
visitor first focuses a form (or sends it), which sets the CSRF cookie then. Django's CSRF check
still guards every POST; a form sent without its token (no JavaScript, or a forged post) is not
acted on: the view shows it again, filled in as sent, with tokens rendered into it, to be sent
again from there (docs/decisions.md).
"""

from django.middleware.csrf import CsrfViewMiddleware


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering with the reason it refuses instead of a 403 page."""

    def _reject(self, request, reason):
        return reason


def csrf_refusal(request):
    """Return why Django's CSRF protection refuses `request`, or None when it passes."""
    return _CsrfCheck(lambda request: None).process_view(request, None, (), {})


def values_sent(form, data):
    """Return the values `data` holds for the form's fields, as initial values to show it again.

    The honeypot and the start time stay out: the form shown again gets new ones.
    """
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if name != "website"
    }
