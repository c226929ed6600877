"""The translation editor's list of terms that the transliterated edition keeps in Latin letters."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page

from translators.editions import derived_languages, sync_transliterated_edition
from translators.models import LatinTerms
from translators.review import may_publish
from translators.views.access import translation_for

# A page's list is a handful of names; this keeps a pasted text out.
MAX_TERMS_LENGTH = 2000


@require_POST
def keep_in_latin(request, translation_id):
    translation, instance = translation_for(request, translation_id)
    if translation.target_locale.language_code not in derived_languages().values():
        raise Http404
    terms = request.POST.get("terms", "")
    if len(terms) > MAX_TERMS_LENGTH:
        messages.error(request, _("This list is too long: keep it to the names and terms themselves."))
        return redirect(_back(request, instance))
    LatinTerms.objects.update_or_create(
        translation_key=instance.translation_key, defaults={"terms": terms, "updated_by": request.user}
    )
    # A live edition changes at once only for those who may publish; for others, at the next
    # publication of the Latin text, which passes review.
    if isinstance(instance, Page) and instance.live and may_publish(request.user, instance):
        sync_transliterated_edition(instance, user=request.user)
        messages.success(request, _("The Cyrillic edition now keeps these terms in Latin letters."))
    else:
        messages.success(
            request,
            _("Saved. The Cyrillic edition keeps these terms in Latin letters from the next publication."),
        )
    return redirect(_back(request, instance))


def _back(request, instance):
    return get_valid_next_url_from_request(request) or AdminURLFinder(request.user).get_edit_url(instance)
