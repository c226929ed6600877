"""The forms visitors and subscribers fill in."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.localization import localize_all
from newsletter.addresses import normalize_email
from newsletter.audience.consent import FORM_WORDING
from newsletter.models import MailingList

STARTED_SALT = "newsletter.form-started"


def new_started_token():
    """Sign the present time: when a visitor began filling in a form."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


def language_choices():
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class ListsField(forms.ModelMultipleChoiceField):
    """Mailing lists as checkboxes, each named in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def localize_labels(self):
        rows = list(self.queryset)
        self.names = {row.pk: str(name) for row, name in zip(rows, localize_all(rows), strict=True)}

    def label_from_instance(self, obj):
        return getattr(self, "names", {}).get(obj.pk, str(obj))


class HumanCheckMixin(forms.Form):
    """A honeypot field and a minimum fill time: what bots reveal without bothering people.

    A filled honeypot makes `is_bot` true, and the view pretends to succeed; a form sent
    faster than a person can fill it is sent back with a message.
    """

    # Named like a field that form-filling bots complete; hidden from people and screen readers.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_bot = False

    @cached_property
    def started_token(self):
        """The signed time the form was first shown, carried across resubmissions."""
        if self.is_bound and self._started_at() is not None:
            return self.data.get("started")
        return new_started_token()

    def _started_at(self):
        try:
            return float(signing.loads(self.data.get("started", ""), salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            self.is_bot = True
            return cleaned_data
        started_at = self._started_at()
        if started_at is None or time.time() - started_at < settings.NEWSLETTER_FORM_MIN_SECONDS:
            raise ValidationError(
                _("That was quicker than we expected. Please check the form and send it again."),
                code="too_fast",
            )
        return cleaned_data


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
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offered=None, **kwargs):
        """`offered` narrows the lists shown (a block's choice); any public list is accepted."""
        kwargs.setdefault("initial", {}).setdefault("language", get_language())
        super().__init__(*args, **kwargs)
        public = MailingList.objects.originals().public().order_by("name")
        lists = self.fields["lists"]
        lists.queryset = public
        lists.localize_labels()
        self.offered = (
            public.filter(translation_key__in=[row.translation_key for row in offered]) if offered else public
        )
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


class EraseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my subscriptions and everything you hold about me will be deleted."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
