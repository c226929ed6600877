"""What every public form shares: telling people from bots without bothering the people."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

STARTED_SALT = "home.form-started"


def new_started_token():
    """Sign the present time: when a visitor began filling in a form (home.form_tokens)."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


class HumanCheckMixin(forms.Form):
    """A honeypot field and a minimum fill time (FORM_MIN_SECONDS): what bots reveal.

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
        if started_at is None or time.time() - started_at < settings.FORM_MIN_SECONDS:
            raise ValidationError(
                _("That was quicker than we expected. Please check the form and send it again."),
                code="too_fast",
            )
        return cleaned_data


# The largest key a database's 64-bit integer column holds; a larger number names no row.
MAX_DATABASE_ID = 2**63 - 1


def is_database_id(value):
    """Whether `value` (as a form submits it) is a number a primary key could hold."""
    try:
        return 0 < int(str(value).strip()) <= MAX_DATABASE_ID
    except ValueError:
        return False
