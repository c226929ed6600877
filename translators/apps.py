from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslatorsConfig(AppConfig):
    name = "translators"
    verbose_name = _("Translators' workflow")

    def ready(self):
        from translators import signals

        signals.connect()
