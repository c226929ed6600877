from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets import AdminDateTimeInput

from home.languages import content_language_codes, language_name
from newsletter.engagement.report import OPENS_CAVEAT
from newsletter.models import MailingList


def language_choices():
    return [(code, language_name(code)) for code in content_language_codes()]


class SendForm(forms.Form):
    mailing_lists = forms.ModelMultipleChoiceField(
        label=_("Lists"),
        queryset=MailingList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one list.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Subscriber languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to reach subscribers of every language."),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Leave empty to send now; give a time to schedule the send instead."),
    )
    track_opens = forms.BooleanField(
        label=_("Count opens (an estimate)"),
        required=False,
        help_text=format_lazy(
            "{} {}",
            _(
                "Off unless you tick it. Each message then carries a 1×1 image from this site, whose "
                "loads are counted per language, never as a reader's own."
            ),
            OPENS_CAVEAT,
        ),
    )
    # The number of recipients staff confirmed they mean to reach (views.SendView.confirm).
    confirmed_recipients = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Subscriptions point at the source-language lists; their translations only rename them.
        self.fields["mailing_lists"].queryset = MailingList.objects.originals()
        self.fields["languages"].choices = language_choices()

    def clean_scheduled_at(self):
        scheduled_at = self.cleaned_data["scheduled_at"]
        if scheduled_at and scheduled_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty to send now."))
        return scheduled_at


class TestSendForm(forms.Form):
    address = forms.EmailField(label=_("Send a test to"))
    language = forms.ChoiceField(label=_("In"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
