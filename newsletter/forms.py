"""The forms visitors and subscribers fill in."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.forms import MAX_DATABASE_ID, HumanCheckMixin, is_database_id
from home.localization import localize_all
from newsletter.addresses import normalize_email
from newsletter.audience.consent import FORM_WORDING
from newsletter.engagement import consent
from newsletter.models import MailingList


def language_choices():
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class LoadedChoices(forms.models.ModelChoiceIterator):
    """The choices of the rows the field has already loaded (`localize_labels`), without another query."""

    def __iter__(self):
        rows = getattr(self.field, "rows", None)
        if rows is None:
            yield from super().__iter__()
            return
        for row in rows:
            yield self.choice(row)

    def __len__(self):
        rows = getattr(self.field, "rows", None)
        return super().__len__() if rows is None else len(rows)


class ListsField(forms.ModelMultipleChoiceField):
    """Mailing lists as checkboxes, each named in the reader's language."""

    widget = forms.CheckboxSelectMultiple
    iterator = LoadedChoices

    def clean(self, value):
        # A number no database key can hold fails the query itself (OverflowError on SQLite,
        # DataError on PostgreSQL): it is refused here as the unknown choice it is.
        for pk in value or ():
            if not is_database_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)

    def localize_labels(self, loaded=None):
        """Load the lists and name each in the reader's language; return them.

        `loaded` is another field's `loaded` (rows and names) for the same queryset and reader:
        forms sharing a page load the lists once.
        """
        if loaded is None:
            rows = list(self.queryset)
            loaded = (rows, {row.pk: str(name) for row, name in zip(rows, localize_all(rows), strict=True)})
        self.rows, self.names = self.loaded = loaded
        return self.rows

    def label_from_instance(self, obj):
        return getattr(self, "names", {}).get(obj.pk, str(obj))


class SubscribeForm(HumanCheckMixin):
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=language_choices,
        widget=forms.Select(attrs={"autocomplete": "language"}),
    )
    lists = ListsField(
        label=_("Send me"),
        queryset=MailingList.objects.none(),
        error_messages={"required": _("Choose at least one list.")},
    )
    consent = forms.BooleanField(
        label=FORM_WORDING,
        error_messages={"required": _("Tick the box to agree, or we cannot send you anything.")},
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_DATABASE_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args, offered=None, public_lists=None, **kwargs):
        """`offered` narrows the lists shown (a block's choice); any public list is accepted.

        `public_lists` is another SubscribeForm's `public_lists`, for forms sharing a page.
        """
        kwargs.setdefault("initial", {}).setdefault("language", get_language())
        super().__init__(*args, **kwargs)
        public = MailingList.objects.originals().public().select_related("locale").order_by("name")
        lists = self.fields["lists"]
        lists.queryset = public
        rows = lists.localize_labels(public_lists)
        self.public_lists = lists.loaded
        chosen = {row.translation_key for row in offered or ()}
        self.offered = [row for row in rows if row.translation_key in chosen] if offered else rows
        if not self.is_bound and len(self.offered) == 1:
            self.initial["lists"] = [self.offered[0].pk]

    @property
    def list_choices(self):
        """The bound checkboxes of the offered lists only."""
        offered = {row.pk for row in self.offered}
        return [choice for choice in self["lists"] if choice.data["value"].value in offered]

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the emails"), choices=language_choices)
    lists = ListsField(label=_("Send me"), queryset=MailingList.objects.none(), required=False)

    def __init__(self, *args, subscriber, **kwargs):
        current = list(subscriber.subscriptions.values_list("mailing_list_id", flat=True))
        kwargs.setdefault("initial", {"language": subscriber.language, "lists": current})
        super().__init__(*args, **kwargs)
        # Anyone may join a public list; a private one can only be left.
        lists = self.fields["lists"]
        lists.queryset = (
            MailingList.objects.originals().public() | MailingList.objects.filter(pk__in=current)
        ).order_by("name")
        lists.localize_labels()
        # Asked only where the operator keeps click history at all (newsletter.engagement).
        if consent.history_allowed():
            self.fields["click_history"] = forms.BooleanField(
                label=consent.wording(), required=False, initial=consent.has_consented(subscriber.pk)
            )


class EraseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my subscriptions and everything you hold about me will be deleted."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
