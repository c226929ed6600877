"""wagtail-localize's views, hardened: each answers the path of the view it replaces.

Starting or syncing translations is confined to the user's languages and never publishes past
review, nor does converting a translation into an alias of its source; PO uploads are checked
whole before anything is written; machine translation reports a missing or failing service
instead of failing; every translation endpoint is confined to the user's languages.
"""

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Locale, Page
from wagtail_localize.views import convert, update_translations
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView

from translators.machine import MachineTranslationError, machine_translate, machine_translation_offer
from translators.pofiles import POFileError, import_po_file
from translators.review import may_publish
from translators.strings import untranslated_words
from translators.teams import may_edit_snippets_in, may_start_translation_into
from translators.views.access import translation_for


class ConfinedSubmitMixin:
    """Offer only the languages the user may start translations into."""

    def get_form(self):
        form = super().get_form()
        allowed = [
            locale.pk
            for locale in form.fields["locales"].queryset
            if may_start_translation_into(self.request.user, locale)
        ]
        form.fields["locales"].queryset = Locale.objects.filter(pk__in=allowed)
        if len(allowed) < 2:
            form.fields["select_all"].widget = form.fields["select_all"].hidden_widget()
        return form

    def get(self, request, *args, **kwargs):
        if not self.get_form().fields["locales"].queryset.exists():
            messages.warning(request, _("There is no language left that you can translate this into."))
            return redirect(self.get_success_url() or self.get_default_success_url())
        return super().get(request, *args, **kwargs)


class SubmitPageView(ConfinedSubmitMixin, SubmitPageTranslationView):
    pass


class SubmitSnippetView(ConfinedSubmitMixin, SubmitSnippetTranslationView):
    pass


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Syncing a source is for those who may edit it; publishing its finished translations, for publishers."""

    def dispatch(self, request, *args, **kwargs):
        source = self.get_object()
        instance = source.get_source_instance()
        if isinstance(instance, Page):
            if not instance.permissions_for_user(request.user).can_edit():
                raise PermissionDenied
        elif not may_edit_snippets_in(request.user, source.locale):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if not self._may_publish_all():
            publish = form.fields["publish_translations"]
            publish.disabled = True
            publish.widget = forms.HiddenInput()
        return form

    @transaction.atomic
    def form_valid(self, form):
        # wagtail-localize machine-translates into every language, failing on the first the service
        # lacks, and publishes every translation, finished or not: here each language on its own.
        if form.cleaned_data.get("use_machine_translation"):
            self.object.update_from_db()
            for translation in self._enabled_translations():
                self._machine_translate(translation)
        publish = form.cleaned_data.get("publish_translations") and self._may_publish_all()
        form.cleaned_data.update(use_machine_translation=False, publish_translations=False)
        response = super().form_valid(form)
        if publish:
            for translation in self._enabled_translations():
                self._publish_if_complete(translation)
        return response

    def _enabled_translations(self):
        return self.object.translations.filter(enabled=True).select_related("source", "target_locale")

    def _machine_translate(self, translation):
        target = translation.get_target_instance()
        if not user_can_edit_instance(self.request.user, target):
            return
        if not machine_translation_offer(translation)["available"]:
            return
        try:
            machine_translate(translation, self.request.user)
        except MachineTranslationError as error:
            messages.warning(self.request, str(error))

    def _publish_if_complete(self, translation):
        missing = len(untranslated_words(translation))
        if missing:
            messages.warning(
                self.request,
                ngettext(
                    "Not published in %(language)s: %(count)d string is not translated yet.",
                    "Not published in %(language)s: %(count)d strings are not translated yet.",
                    missing,
                )
                % {"language": translation.target_locale.get_display_name(), "count": missing},
            )
            return
        with contextlib.suppress(ValidationError):
            translation.save_target(user=self.request.user, publish=True)

    def _may_publish_all(self):
        for translation in self.object.translations.filter(enabled=True).select_related("target_locale"):
            target = translation.get_target_instance()
            if isinstance(target, Page) and not may_publish(self.request.user, target):
                return False
        return True


def convert_to_alias(request, page_id):
    """Let only those who may publish a translation replace it with its source's content."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    # The alias shows the source at once, live if the source is: a publication, whatever the page's state.
    if not may_publish(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


@require_POST
def upload_pofile(request, translation_id):
    translation, instance = translation_for(request, translation_id)
    try:
        result = import_po_file(translation, request.FILES.get("file"), user=request.user)
    except POFileError as error:
        messages.error(request, str(error))
    else:
        if result.changed:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)d translated string from the PO file.",
                    "Imported %(count)d translated strings from the PO file.",
                    result.changed,
                )
                % {"count": result.changed},
            )
        else:
            messages.info(request, _("The PO file changes no translation."))
        if result.fuzzy:
            messages.warning(
                request,
                ngettext(
                    "%(count)d string marked fuzzy (uncertain) was not imported.",
                    "%(count)d strings marked fuzzy (uncertain) were not imported.",
                    result.fuzzy,
                )
                % {"count": result.fuzzy},
            )
    return redirect(_back(request, instance))


@require_POST
def machine_translate_view(request, translation_id):
    translation, instance = translation_for(request, translation_id)
    try:
        translated = machine_translate(translation, request.user)
    except MachineTranslationError as error:
        messages.error(request, str(error))
    else:
        if translated:
            messages.success(request, _("The untranslated strings were translated by machine: check them."))
        else:
            messages.info(request, _("There is nothing left to translate."))
    return redirect(_back(request, instance))


def _back(request, instance):
    return get_valid_next_url_from_request(request) or AdminURLFinder(request.user).get_edit_url(instance)
