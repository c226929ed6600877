"""The translation editor's review actions: submit for review, approve, request changes."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request

from translators import review
from translators.views.access import translation_for


@require_POST
def submit_for_review(request, translation_id):
    translation, instance = translation_for(request, translation_id)
    try:
        page = review.submit_for_review(translation, request.user)
    except review.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” in %(language)s has been submitted for review.")
            % {
                "title": page.get_admin_display_title(),
                "language": translation.target_locale.get_display_name(),
            },
        )
    return redirect(_back(request, instance))


@require_POST
def decide(request, translation_id):
    translation, instance = translation_for(request, translation_id)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("decision") == "approve":
            page = review.approve(translation, request.user, comment=comment)
            message = _("“%(title)s” in %(language)s is approved and published.")
        else:
            page = review.request_changes(translation, request.user, comment=comment)
            message = _("Changes to “%(title)s” in %(language)s have been requested.")
    except review.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            message
            % {
                "title": page.get_admin_display_title(),
                "language": translation.target_locale.get_display_name(),
            },
        )
    return redirect(_back(request, instance))


def _back(request, instance):
    return get_valid_next_url_from_request(request) or AdminURLFinder(request.user).get_edit_url(instance)
