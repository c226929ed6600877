from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from home.languages import create_missing_locales

        post_migrate.connect(create_missing_locales, sender=self)
