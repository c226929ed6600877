from django.core.exceptions import PermissionDenied
from django.urls import include, path

from wagtail import hooks
from wagtail.models import TranslatableMixin

from translators import urls
from translators.dashboard import TranslatorWorkloadPanel
from translators.editions import TRANSLITERATED_EDITIONS
from translators.teams import may_edit_snippets_in


# Ahead of wagtail-localize's URLs, so that the hardened views answer its paths (translators/urls.py).
@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    return [
        path("translators/", include(urls)),
        path("localize/", include((urls.localize_urlpatterns, "translators_localize"))),
    ]


@hooks.register("construct_homepage_panels")
def add_translator_workload(request, panels):
    panel = TranslatorWorkloadPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)


# Ahead of wagtail-localize's hook, which replaces the snippet editor with its translation editor.
@hooks.register("before_edit_snippet", order=-1)
def confine_snippet_editing(request, instance):
    if isinstance(instance, TranslatableMixin) and not may_edit_snippets_in(request.user, instance.locale):
        raise PermissionDenied


@hooks.register("before_delete_snippet", order=-1)
def confine_snippet_deletion(request, instances):
    for instance in instances:
        if isinstance(instance, TranslatableMixin) and not may_edit_snippets_in(
            request.user, instance.locale
        ):
            raise PermissionDenied


# compilemessages makes the Serbian Cyrillic interface from the Serbian Latin catalogues, as the
# Cyrillic edition of the content is made from the Latin one.
@hooks.register("register_derived_catalogues")
def transliterated_catalogues():
    return TRANSLITERATED_EDITIONS
