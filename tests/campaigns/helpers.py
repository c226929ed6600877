"""What the campaigns' tests do again and again: fill in the form, follow a link in an email."""

import re
import time

from django.core import signing
from django.urls import reverse

from wagtail.models import Locale

from campaigns.models import Signature
from campaigns.signing import confirm, sign
from campaigns.tokens import confirmation_token
from home.forms import STARTED_SALT


def in_language(page, language_code):
    """The page's translation in the language."""
    return page.get_translation(Locale.objects.get(language_code=language_code))


def sign_url(page):
    """Where the campaign page's signature form is sent."""
    return reverse("campaigns:sign", args=[page.pk])


def signature_data(email, country, *, name="Ana Hoxha", seconds_ago=30, **extra):
    """The POST data of a signature form that a person filled in `seconds_ago` seconds."""
    return {
        "name": name,
        "email": email,
        "country": country.pk,
        "organisation": "",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT),
        **extra,
    }


def confirm_link_in(text):
    """Return the path of the signature confirmation link in an email's text."""
    match = re.search(r"https?://[^/\s]+(/[^\s\"<]*/confirm/\?token=[^\s\"<]+)", text)
    assert match, f"no confirmation link in: {text}"
    return match.group(1)


def signed(page, email, country, *, name="Ana Hoxha", show_name=False, confirmed=True, **fields):
    """Sign the page's campaign as `email` (and confirm it); return the signature."""
    sign(page, email=email, name=name, country=country, show_name=show_name, **fields)
    signature = Signature.objects.get(email=email, campaign=page.campaign)
    if confirmed:
        confirm(page, confirmation_token(signature))
    return signature
