"""The form a visitor signs a campaign with, in the page's language."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.signing import CONSENT_WORDING, UPDATES_WORDING
from home.forms import HumanCheckMixin, is_database_id
from home.localization import localize_all
from home.models import Country
from home.shared_parts import shared_part
from newsletter.addresses import normalize_email


class CountryField(forms.ModelChoiceField):
    """Countries named in the reader's language, in the order of those names.

    The choices are source-language rows, which every translation points at.
    """

    def __init__(self, **kwargs):
        # The rows are chosen per form (localize_choices), not when the form class is defined.
        super().__init__(queryset=Country.objects.none(), **kwargs)
        self.footnotes = []

    def to_python(self, value):
        # A number no database key can hold would fail the query rather than the choice.
        if value not in self.empty_values and not is_database_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def localize_choices(self, request=None):
        """Name the choices in the active language, and gather the footnotes those names need.

        The same for every reader of one language: kept with the parts every page shares.
        """
        self.queryset = Country.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        choices, self.footnotes = shared_part(request, "country-choices", self._named_choices)
        self.choices = [("", "—"), *choices]

    def _named_choices(self):
        rows = list(self.queryset)
        shown = sorted(zip(localize_all(rows), rows, strict=True), key=lambda pair: str(pair[0]).casefold())
        footnotes = sorted({name.designation_footnote for name, _row in shown if name.designation_footnote})
        return [(row.pk, str(name)) for name, row in shown], footnotes


class SignatureForm(HumanCheckMixin):
    name = forms.CharField(
        label=_("Name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send you a link to confirm your signature; it counts once you do."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    country = CountryField(label=_("Country"), error_messages={"required": _("Choose your country.")})
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    show_name = forms.BooleanField(label=_("Show my name on this page among the supporters"), required=False)
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": _("Tick the box to agree, or we cannot count your signature.")},
    )
    updates = forms.BooleanField(label=UPDATES_WORDING, required=False)

    def __init__(self, *args, page, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if page.campaign is None or page.campaign.mailing_list is None:
            del self.fields["updates"]
        country = self.fields["country"]
        country.localize_choices(request)
        if country.footnotes:
            country.help_text = " ".join(f"* {footnote}" for footnote in country.footnotes)

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])
