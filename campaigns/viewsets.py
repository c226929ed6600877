"""Signatures in the Wagtail admin: per campaign, filtered, counted, exported, erased on request."""

import csv

import django_filters

from django.conf import settings
from django.db.models import Count, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from campaigns import signing
from campaigns.models import Campaign, Signature
from campaigns.models.signatures import campaign_title
from home.localization import localize_all
from home.models import Country
from newsletter.models import Subscriber
from newsletter.spreadsheets import text_cell

# Rows fetched per query while a CSV streams: memory stays flat however many signed.
EXPORT_CHUNK_SIZE = 2000


class SignatureFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=lambda request: Campaign.objects.with_titles().order_by("-created_at"),
        # The campaign's pages link here by the key all their translations share.
        to_field_name="translation_key",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Signature.Status.choices, method="by_status"
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=lambda request: Country.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=lambda: list(settings.WAGTAIL_CONTENT_LANGUAGES)
    )
    show_name = django_filters.BooleanFilter(label=_("Name shown publicly"))
    wants_updates = django_filters.BooleanFilter(label=_("Asked for updates"))
    signed_at = django_filters.DateFromToRangeFilter(label=_("Signed"), widget=DateRangePickerWidget)

    class Meta:
        model = Signature
        fields = ["campaign", "status", "country", "language", "show_name", "wants_updates", "signed_at"]

    def by_status(self, queryset, name, value):
        return {
            Signature.Status.PENDING: queryset.filter(confirmed_at__isnull=True),
            Signature.Status.CONFIRMED: queryset.filter(confirmed_at__isnull=False, erased_at__isnull=True),
            Signature.Status.ERASED: queryset.filter(erased_at__isnull=False),
        }[value]


class SignatureIndexView(generic.IndexView):
    """The listing, with the confirmed signatures it holds counted per country and per language."""

    # XLSX cells are typed already; CSV cells that look like formulas are kept as text.
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {generic.IndexView.FORMAT_CSV: text_cell},
    }

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("country")
            .annotate(campaign_title=campaign_title(OuterRef("campaign__translation_key")))
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        confirmed = self.object_list.order_by().filter(confirmed_at__isnull=False)
        per_country = dict(confirmed.values_list("country").annotate(count=Count("pk")))
        countries = list(Country.objects.filter(pk__in=per_country))
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        per_language = (
            confirmed.values_list("language").annotate(count=Count("pk")).order_by("-count", "language")
        )
        context.update(
            confirmed_count=sum(per_country.values()),
            per_country=sorted(
                zip(localize_all(countries), (per_country[country.pk] for country in countries), strict=True),
                key=lambda pair: (-pair[1], str(pair[0])),
            ),
            per_language=[(names.get(code, code), count) for code, count in per_language],
        )
        return context

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield self.write_csv_row(writer, self.to_row_dict(item))


class SignatureEraseView(generic.DeleteView):
    """Erase a signer on request: every signature of their address, in every campaign."""

    template_name = "campaigns/admin/erase.html"
    page_title = _("Erase")
    success_message = _("%(object)s erased.")

    @cached_property
    def signatures(self):
        if not self.object.email:
            return []
        return list(
            Campaign.objects.with_titles()
            .filter(signatures__email=self.object.email)
            .values_list("title", "signatures__confirmed_at")
        )

    @property
    def confirmation_message(self):
        return _(
            "Erase this signer? Their signatures that are waiting for confirmation are deleted. Confirmed "
            "ones keep counting, with only their campaign, country, language and day: the name, email "
            "address, organisation and IP address are deleted."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(signatures=self.signatures, **kwargs)
        if self.object.email and (subscriber := Subscriber.objects.filter(email=self.object.email).first()):
            context.update(
                subscriber=subscriber,
                subscriber_delete_url=reverse("subscribers:delete", args=[subscriber.pk]),
            )
        return context

    def delete_action(self):
        if self.object.email:
            signing.erase(self.object.email)


class SignaturePermissionPolicy(ModelPermissionPolicy):
    """Signatures come from signers: staff see, export and erase them, and never add or edit one."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SignatureViewSet(ModelViewSet):
    model = Signature
    icon = "form"
    menu_label = _("Signatures")
    menu_order = 240
    add_to_admin_menu = True
    url_prefix = "campaigns/signatures"
    index_view_class = SignatureIndexView
    index_results_template_name = "campaigns/admin/signature_index_results.html"
    delete_view_class = SignatureEraseView
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "name",
        "email",
        "organisation",
        "country",
        "language",
        "show_name",
        "wants_updates",
        "consent_wording",
        "consent_version",
        "consent_language",
        "ip_address",
        "signed_at",
        "confirmed_at",
        "erased_at",
    ]
    list_display = [
        "name",
        "email",
        Column("campaign_title", label=_("Campaign")),
        "country",
        "language",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "signed_at",
    ]
    list_export = [
        "campaign_title",
        "name",
        "email",
        "organisation",
        "country.name",
        "language",
        "show_name",
        "wants_updates",
        "status",
        "consent_version",
        "consent_language",
        "signed_at",
        "confirmed_at",
    ]
    export_headings = {"campaign_title": _("Campaign"), "country.name": _("Country"), "status": _("Status")}
    export_filename = "signatures"
    # Staff never add or edit a signature (SignaturePermissionPolicy): the form is empty.
    form_fields = []
    filterset_class = SignatureFilterSet
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    ordering = ["-signed_at"]
    list_per_page = 50
