"""Django's own words in forms (validation, widgets, the CSRF check) reach readers in their language."""

import pytest

from django import forms
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.html import parse
from tests.newsletter.factories import MailingListFactory
from tests.newsletter.helpers import form_data

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


class ContactForm(forms.Form):
    email = forms.EmailField(max_length=10)
    name = forms.CharField()


@pytest.mark.parametrize(
    ("language", "required", "too_long"),
    [
        ("cnr", "Ovo polje je obavezno.", "Unesite najviše 10 znakova (sada ih ima 17)."),
        ("mk", "Ова поле е задолжително.", "вредност има најмногу 10 карактери (има 17)."),
        ("sq", "Kjo fushë është e domosdoshme.", "Siguroni që kjo vlerë ka të shumtën 10 shenja (ka 17)."),
    ],
)
def test_validation_messages_are_in_the_readers_language(language, required, too_long):
    with translation.override(language):
        form = ContactForm({"email": "ana@example.org.x"})
        assert not form.is_valid()
        assert form.errors["name"] == [required]
        assert any(too_long in message for message in form.errors["email"])


def test_montenegrin_plural_forms_of_a_length_limit():
    with translation.override("cnr"):
        messages = [_too_long(limit) for limit in (1, 3, 5)]
    assert messages == [
        "Unesite najviše 1 znak (sada ih ima 6).",
        "Unesite najviše 3 znaka (sada ih ima 6).",
        "Unesite najviše 5 znakova (sada ih ima 6).",
    ]


def _too_long(limit):
    try:
        forms.CharField(max_length=limit).clean("abcdef")
    except forms.ValidationError as error:
        return error.messages[0]
    raise AssertionError("not refused")


def test_the_montenegrin_subscription_form_sent_with_a_bad_address_answers_in_montenegrin(site, client):
    response = client.post(
        "/cnr/newsletter/subscribe/", form_data("not an address", [MailingListFactory()], language="cnr")
    )

    html = parse(response, status=400)
    assert (html.html["lang"], html.html["dir"]) == ("cnr", "ltr")
    errors = " ".join(" ".join(node.get_text().split()) for node in html.select(".errorlist"))
    assert "adres" in errors and "Enter a valid" not in errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_csrf_failure_page_has_the_readers_language_and_direction(site, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/newsletter/subscribe/", {"email": "ana@example.org"})

    html = parse(response, status=403)
    direction = "rtl" if language == "ar" else "ltr"
    assert (html.html["lang"], html.html["dir"]) == (language, direction)
    assert html.find("a", href=f"/{language}/")
