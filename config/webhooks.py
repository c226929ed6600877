"""The ESP webhooks the site answers: only the configured ESP's, and only when they are authenticated.

Anymail's own URL module mounts every ESP's tracking and inbound webhooks, and a webhook
without `ANYMAIL_WEBHOOK_SECRET` accepts anyone's POST: a forged "hard bounce" would then
suppress any subscriber. Here an ESP's webhooks exist only when a mailer sends through that
ESP and anymail can authenticate its calls (basic auth with the webhook secret, or the ESP's
own signature key); every other address under /anymail/ is a plain 404.
"""

import warnings

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailInsecureWebhookWarning

from django.core.exceptions import ImproperlyConfigured

ANYMAIL_BACKENDS = "anymail.backends."


def configured_esps(mailers):
    """Return the names of the ESPs (anymail's module names) that `mailers` send through."""
    backends = (mailer.get("BACKEND", "") for mailer in mailers.values())
    return sorted(
        {
            backend.removeprefix(ANYMAIL_BACKENDS).split(".")[0]
            for backend in backends
            if backend.startswith(ANYMAIL_BACKENDS)
        }
    )


def esp_webhook_patterns(esp):
    """Return anymail's URL patterns of `esp`'s webhooks (tracking, inbound or both)."""
    return [pattern for pattern in anymail_urls.urlpatterns if pattern.name.startswith(f"{esp}_")]


def insecurity(esp):
    """Return why `esp`'s webhooks cannot be trusted as configured, or "" when they can."""
    for pattern in esp_webhook_patterns(esp):
        view_class = pattern.callback.view_class
        with warnings.catch_warnings():
            warnings.simplefilter("error", AnymailInsecureWebhookWarning)
            try:
                view = view_class(**pattern.callback.view_initkwargs)
            except AnymailInsecureWebhookWarning:
                return f"set ANYMAIL_WEBHOOK_SECRET for {esp}'s webhooks, or anyone can forge bounces"
            except ImproperlyConfigured as error:
                return f"{esp}'s webhooks: {error}"
        # Mandrill's view defers its missing signing key until the first POST (a 500).
        if hasattr(view_class, "webhook_key") and view.webhook_key is None:
            return f"set ANYMAIL_{esp.upper()}_WEBHOOK_KEY for {esp}'s webhooks"
    return ""


def webhook_urlpatterns(mailers):
    """Return the URL patterns of the authenticated webhooks of every ESP `mailers` use."""
    return [
        pattern
        for esp in configured_esps(mailers)
        if not insecurity(esp)
        for pattern in esp_webhook_patterns(esp)
    ]


def webhook_problems(mailers):
    """Return why the configured ESPs' webhooks could be forged, one sentence each."""
    return [problem for esp in configured_esps(mailers) if (problem := insecurity(esp))]
