"""The sending engine's place in Wagtail's admin (imported by newsletter/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page

from newsletter.models import NewsletterIssuePage, Send
from newsletter.sending import views

urlpatterns = [
    path("issues/<int:page_id>/preview/", views.PreviewView.as_view(), name="preview"),
    path("issues/<int:page_id>/send/", views.SendView.as_view(), name="send"),
    path("sends/", views.SendIndexView.as_view(), name="index"),
    path("sends/<int:pk>/", views.SendProgressView.as_view(), name="progress"),
    path("sends/<int:pk>/<str:action>/", views.SteerView.as_view(), name="steer"),
]


@hooks.register("register_admin_urls")
def register_sending_urls():
    return [path("newsletter/", include((urlpatterns, "newsletter_sending")))]


class SendsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.view_send")


@hooks.register("register_admin_menu_item")
def register_sends_menu_item():
    return SendsMenuItem(
        _("Newsletter sends"), reverse("newsletter_sending:index"), icon_name="mail", order=250
    )


def issue_buttons(page, user):
    if not issubclass(page.specific_class or object, NewsletterIssuePage):
        return
    yield Button(
        _("Preview email"),
        reverse("newsletter_sending:preview", args=[page.pk]),
        icon_name="view",
        priority=25,
    )
    if user.has_perm("newsletter.add_send"):
        yield Button(
            _("Send newsletter"),
            reverse("newsletter_sending:send", args=[page.pk]),
            icon_name="mail",
            priority=26,
        )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from issue_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from issue_buttons(page, user)


@hooks.register("register_translation_deadlines")
def issues_waiting_for_translation(locale):
    """Scheduled sends that will reach `locale`'s readers before the issue is published in it.

    Feeds the translators' dashboard (translators.deadlines); a language that the send leaves
    out, or whose translation is live already, waits for nothing.
    """
    language = locale.language_code
    sends = [
        send
        for send in Send.objects.filter(status=Send.Status.SCHEDULED).select_related("issue")
        if not send.languages or language in send.languages
    ]
    # The issues' translations into this language, in one query whatever the number of sends.
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(
            locale=locale, translation_key__in={send.issue.translation_key for send in sends}
        )
    }
    waiting = []
    for send in sends:
        translation = translations.get(send.issue.translation_key)
        if translation is not None and translation.live:
            continue
        if translation is None:
            url = reverse("wagtail_localize:submit_page_translation", args=[send.issue.pk])
            url = f"{url}?select_locale={language}"
        else:
            url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
        waiting.append({"title": send.issue.title, "deadline": send.scheduled_at, "url": url})
    return waiting
