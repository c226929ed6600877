"""Staff's views of the audience beyond the listings: import, export, the dashboard."""

import io

import django_filters

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.localization import localize_all
from newsletter.audience.exporting import stream_csv
from newsletter.audience.importing import ImportFailed, import_subscribers
from newsletter.models import MailingList, Subscriber, Subscription

# Larger files are better imported with `manage.py import_subscribers`.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Subscriber.Status.choices)
    lists = django_filters.ModelChoiceFilter(
        label=_("List"), queryset=lambda request: MailingList.objects.originals().order_by("name")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=lambda: list(settings.WAGTAIL_CONTENT_LANGUAGES)
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Subscriber.Source.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Subscribed"), widget=DateRangePickerWidget)

    class Meta:
        model = Subscriber
        fields = ["status", "lists", "language", "source", "created_at"]


def filtered_subscribers(request):
    """The subscribers that the listing shows for the request's filters and search."""
    filters = SubscriberFilterSet(request.GET, queryset=Subscriber.objects.all(), request=request)
    subscribers = filters.qs if filters.is_valid() else Subscriber.objects.none()
    if query := request.GET.get("q", "").strip():
        subscribers = subscribers.filter(email__icontains=query) | subscribers.filter(name__icontains=query)
    return subscribers.distinct()


def export_view(request):
    """The listing's subscribers, as filtered, as a CSV download."""
    if not request.user.has_perm("newsletter.view_subscriber"):
        raise PermissionDenied
    response = StreamingHttpResponse(
        stream_csv(filtered_subscribers(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="subscribers-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "UTF-8, with a header row naming the columns: email (required), name, language, lists "
            "(list slugs), status."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    rows = forms.CharField(
        label=_("Or type the rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "email,name\nana@example.org,Ana"}),
        help_text=_("The same columns as a file, header first: handy for adding one or two people."),
    )
    consent_source = forms.CharField(
        label=_("How these people agreed to receive the newsletter"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept as each person's proof of consent, e.g. “Ticked the newsletter box on the "
            "registration form of the Skopje forum, March 2026”."
        ),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Lists everyone joins"),
        queryset=MailingList.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of rows without one"), choices=lambda: list(settings.WAGTAIL_CONTENT_LANGUAGES)
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"language": settings.LANGUAGE_CODE})
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.originals().order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than 20 MB; import it with `manage.py import_subscribers` instead.")
            )
        return upload

    def clean(self):
        cleaned_data = super().clean()
        if bool(cleaned_data.get("file")) == bool(cleaned_data.get("rows", "").strip()):
            raise ValidationError(_("Choose a file or type the rows, not both."))
        return cleaned_data

    def lines(self):
        if upload := self.cleaned_data["file"]:
            upload.seek(0)
            return upload.file
        return io.StringIO(self.cleaned_data["rows"], newline="")


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Import subscribers from a CSV file, or check it first."""

    form_class = ImportForm
    template_name = "newsletter/admin/import.html"
    page_title = _("Import subscribers")
    header_icon = "upload"
    # Set by the subscribers' viewset, whose "add" this view is.
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("newsletter.add_subscriber"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Subscriber._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        validate_only = "validate" in self.request.POST
        upload = form.cleaned_data["file"]
        origin = upload.name if upload else "typed rows"
        try:
            report = import_subscribers(
                form.lines(),
                consent_source=form.cleaned_data["consent_source"],
                lists=form.cleaned_data["lists"],
                language=form.cleaned_data["language"],
                validate_only=validate_only,
                source_detail=f"{origin}, by {self.request.user.get_username()}",
            )
        except ImportFailed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        context = self.get_context_data(form=form, report=report, index_url=reverse(self.index_url_name))
        return self.render_to_response(context)


class AudiencePanel(Component):
    """Dashboard counts: active subscribers per list and per language, everyone per status."""

    name = "newsletter_audience"
    order = 150
    template_name = "newsletter/admin/audience_panel.html"

    def get_context_data(self, parent_context=None):
        per_list = dict(
            Subscription.objects.filter(subscriber__status=Subscriber.Status.ACTIVE)
            .values_list("mailing_list")
            .annotate(count=Count("pk"))
        )
        lists = list(MailingList.objects.originals().order_by("name"))
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        per_language = (
            Subscriber.objects.mailable()
            .values_list("language")
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        per_status = dict(Subscriber.objects.values_list("status").annotate(count=Count("pk")))
        return {
            "lists": [(row, per_list.get(row.pk, 0)) for row in localize_all(lists)],
            "languages": [(names.get(code, code), count) for code, count in per_language],
            "statuses": [(label, per_status.get(value, 0)) for value, label in Subscriber.Status.choices],
        }
