from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate

from config.webhooks import webhook_problems


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from home.caching import connect_signals
        from home.dkim import check_key
        from home.languages import create_missing_locales

        post_migrate.connect(create_missing_locales, sender=self)
        checks.register(check_key)
        connect_signals()
        if getattr(settings, "REFUSE_UNAUTHENTICATED_WEBHOOKS", False):
            problems = webhook_problems(settings.MAILERS)
            if problems:
                raise ImproperlyConfigured("Production settings refuse to start:\n- " + "\n- ".join(problems))
