"""The audience in the Wagtail admin: subscribers, lists, suppressed addresses."""

from django import forms
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from newsletter import admin_views, audience
from newsletter.addresses import email_hash, normalize_email
from newsletter.forms import language_choices
from newsletter.models import MailingList, Subscriber, Suppression


class SubscriberForm(WagtailAdminModelForm):
    language = forms.ChoiceField(label=_("language"), choices=language_choices)

    class Meta:
        model = Subscriber
        fields = ["name", "language", "lists"]
        widgets = {"lists": forms.CheckboxSelectMultiple}
        help_texts = {"lists": _("Add people only to lists they agreed to receive.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lists = self.fields["lists"]
        lists.queryset = MailingList.objects.originals().order_by("name")
        # Only active subscribers hold subscriptions (newsletter.audience).
        lists.disabled = self.instance.status != Subscriber.Status.ACTIVE


class SubscriberIndexView(generic.IndexView):
    add_item_label = _("Import or add subscribers")

    @cached_property
    def header_more_buttons(self):
        query = self.request.GET.urlencode()
        export_url = reverse("subscribers:export") + (f"?{query}" if query else "")
        return [
            *super().header_more_buttons,
            Button(_("Export as CSV"), url=export_url, icon_name="download"),
        ]


class SubscriberInspectView(generic.InspectView):
    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(consents=self.object.consents.order_by("-given_at"), **kwargs)


class SubscriberDeleteView(generic.DeleteView):
    """Deleting a subscriber erases them: only the hash of the address remains, suppressed."""

    success_message = _("%(object)s erased; the address stays suppressed.")

    @property
    def confirmation_message(self):
        return _(
            "Erase this subscriber and everything held about them? A one-way hash of the address is "
            "kept on the suppression list, so that no import adds it back."
        )

    def delete_action(self):
        audience.erase(self.object)


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "subscribers"
    url_prefix = "newsletter/subscribers"
    icon = "user"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    delete_view_class = SubscriberDeleteView
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "status",
        "language",
        "source",
        "lists",
        "created_at",
        "confirmed_at",
        "status_changed_at",
    ]
    copy_view_enabled = False
    list_display = ["email", "name", "status", "language", "source", "created_at"]
    filterset_class = admin_views.SubscriberFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return SubscriberForm

    @property
    def add_view(self):
        # Everyone arrives with proof of consent: staff add people through the import.
        return admin_views.ImportView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("export/", admin_views.export_view, name="export")]


class SuppressionForm(WagtailAdminModelForm):
    email = forms.CharField(
        label=_("Email address"),
        help_text=_("Only a one-way hash of the address is kept: it can be recognised, not read."),
    )

    class Meta:
        model = Suppression
        fields = []

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class SuppressionCreateView(generic.CreateView):
    def save_instance(self):
        return audience.suppress(self.form.cleaned_data["email"], Suppression.Reason.MANUAL)


class SuppressionIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        # Staff search by address; only its hash is stored.
        if not self.is_searching:
            return queryset
        try:
            return queryset.filter(email_hash=email_hash(self.search_query))
        except forms.ValidationError:
            return queryset.none()


class SuppressionPermissionPolicy(ModelPermissionPolicy):
    """A suppression is added or lifted, never edited."""

    def user_has_permission(self, user, action):
        return action != "change" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    name = "suppressions"
    url_prefix = "newsletter/suppressions"
    icon = "cross"
    menu_label = _("Suppressed addresses")
    add_view_class = SuppressionCreateView
    index_view_class = SuppressionIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email_hash"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return SuppressionForm


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    menu_label = _("Mailing lists")
    list_display = [
        "name",
        "slug",
        "is_public",
        Column("active_subscribers", label=_("Active subscribers")),
        "locale",
    ]
    list_filter = ["is_public", "locale"]
    search_fields = ["name"]

    def get_queryset(self, request):
        active = Q(subscriptions__subscriber__status=Subscriber.Status.ACTIVE)
        return MailingList.objects.annotate(active_subscribers=Count("subscriptions", filter=active))


class AudienceViewSetGroup(ViewSetGroup):
    menu_label = _("Audience")
    menu_icon = "group"
    menu_order = 250
    items = (SubscriberViewSet, MailingListViewSet, SuppressionViewSet)
