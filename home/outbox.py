"""The outbox in the admin: where mail lands without EMAIL_URL, readable by superusers.

It holds every message the site sends (password resets too), so that a demo can confirm a
subscription or a signature without a mail server.
"""

import email
import email.parser
import email.policy
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_access import SuperuserMenuItem, SuperuserRequiredMixin

OUTBOX_BACKEND = "home.mail.OutboxBackend"
# The outbox is a demo's mailbox: its newest messages are the ones anybody looks for.
OUTBOX_LISTED = 200
OUTBOX_FILE = re.compile(r"^[\w.-]+\.eml$")


def outbox_directories():
    """The directories that mailers using home.mail.OutboxBackend write to."""
    return sorted(
        {
            Path(mailer["OPTIONS"]["file_path"])
            for mailer in settings.MAILERS.values()
            if mailer.get("BACKEND") == OUTBOX_BACKEND
        }
    )


class OutboxIndexView(SuperuserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The newest messages the outbox mailer wrote, for trying the site without a mail server."""

    template_name = "home/admin/outbox_index.html"
    page_title = _("Outbox")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("outbox:index"), "label": self.page_title}]

    def get_context_data(self, **kwargs):
        files = sorted(
            (eml for directory in outbox_directories() for eml in directory.glob("*.eml")),
            key=lambda eml: eml.name,
            reverse=True,
        )[:OUTBOX_LISTED]
        outbox = []
        for eml in files:
            with eml.open("rb") as file:
                headers = email.parser.BytesHeaderParser(policy=email.policy.default).parse(file)
            outbox.append(
                {
                    "name": eml.name,
                    "subject": headers["Subject"],
                    "to": headers["To"],
                    "date": headers["Date"],
                }
            )
        return super().get_context_data(outbox=outbox, **kwargs)


class OutboxMessageView(OutboxIndexView):
    template_name = "home/admin/outbox_message.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_subtitle}]

    def get_context_data(self, **kwargs):
        name = self.kwargs["name"]
        found = [directory / name for directory in outbox_directories()] if OUTBOX_FILE.match(name) else []
        eml = next((candidate for candidate in found if candidate.is_file()), None)
        if eml is None:
            raise Http404
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        self.page_subtitle = message["Subject"]
        return WagtailAdminTemplateMixin.get_context_data(
            self,
            headers=[
                (header, message[header]) for header in ("From", "To", "Date", "Subject") if message[header]
            ],
            text=text.get_content() if text else "",
            html=html.get_content() if html else "",
            **kwargs,
        )


class OutboxMenuItem(SuperuserMenuItem):
    def is_shown(self, request):
        return super().is_shown(request) and bool(outbox_directories())


class OutboxViewSet(ViewSet):
    """The outbox's pages and its menu item, shown to superusers when a mailer writes to it."""

    name = "outbox"
    url_prefix = "outbox"
    icon = "mail"
    menu_label = _("Outbox")
    menu_item_class = OutboxMenuItem
    menu_order = 9500
    add_to_admin_menu = True

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            path("", OutboxIndexView.as_view(), name="index"),
            path("<str:name>/", OutboxMessageView.as_view(), name="message"),
        ]
