"""The admin's "Sending health" page: what `manage.py check_sender` says, for superusers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.admin_access import SuperuserMenuItem, SuperuserRequiredMixin
from home.sender_check import check_sender


class SendingHealthView(SuperuserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The From domains' SPF, DKIM, DMARC and MX, and the mail server's PTR, looked up now."""

    template_name = "home/admin/sending_health.html"
    page_title = _("Sending health")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("sending_health:index"), "label": self.page_title}]

    def get_context_data(self, **kwargs):
        findings = check_sender()
        return super().get_context_data(
            findings=findings, problems=sum(not finding.ok for finding in findings), **kwargs
        )


class SendingHealthViewSet(ViewSet):
    name = "sending_health"
    url_prefix = "sending-health"
    icon = "mail"
    menu_label = _("Sending health")
    menu_item_class = SuperuserMenuItem
    menu_order = 9400
    add_to_admin_menu = True

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [path("", SendingHealthView.as_view(), name="index")]
