from django.core.exceptions import PermissionDenied
from django.urls import include, path

from wagtail import hooks
from wagtail.models import TranslatableMixin

from translators import urls
from translators.dashboard import TranslatorWorkloadPanel
from translators.review import may_publish
from translators.teams import may_edit_snippets_in
from translators.views.publishing import hold_back_incomplete_publication


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


# Ahead of wagtail-localize's hooks, which publish from the translation editor.
@hooks.register("before_edit_page", order=-1)
def confirm_publishing_untranslated_page(request, page):
    return hold_back_incomplete_publication(request, page)


# Ahead of wagtail-localize's hook, which replaces the snippet editor with its translation editor.
@hooks.register("before_edit_snippet", order=-1)
def confine_snippet_editing(request, instance):
    if isinstance(instance, TranslatableMixin) and not may_edit_snippets_in(request.user, instance.locale):
        raise PermissionDenied
    if isinstance(instance, TranslatableMixin):
        return hold_back_incomplete_publication(request, instance)
    return None


@hooks.register("before_delete_snippet", order=-1)
def confine_snippet_deletion(request, instances):
    for instance in instances:
        if isinstance(instance, TranslatableMixin) and not may_edit_snippets_in(
            request.user, instance.locale
        ):
            raise PermissionDenied


# wagtail-localize's "Convert to alias page" publishes the source's content in place of the translation.
@hooks.register("construct_page_action_menu")
def offer_convert_to_alias_to_publishers_only(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and not may_publish(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]
