"""The headers that mailbox providers read to trust and sort our mail, on every kind of message."""

import pytest

from django.core import mail

from newsletter.audience.emails import send_confirmation
from newsletter.models import ConsentRecord
from newsletter.sending import delivery, planning
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(site, mailing_list, settings):
    settings.REPLY_TO_EMAIL = "Network office <office@example.org>"
    SubscriberFactory(email="reader@example.org", language="sq", lists=[mailing_list])
    return build_issue(site, ["sq"])["en"]


def send(issue, mailing_list, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        created = planning.create_send(issue, [mailing_list])
        planning.start_send(created.pk)
    delivery.deliver(created.pk)
    return created


@pytest.mark.parametrize("eight_bit_mime", [True, False], ids=["fast-path", "django-smtp-backend"])
def test_a_newsletter_names_its_campaign_list_and_sender_and_says_it_is_bulk(
    reader, mailing_list, mail_server, django_capture_on_commit_callbacks, eight_bit_mime
):
    mail_server.eight_bit_mime = eight_bit_mime

    sent = send(reader, mailing_list, django_capture_on_commit_callbacks)

    [received] = mail_server.wait_for(1)
    headers = received.message
    assert headers["Feedback-ID"] == f"{sent.pk}:{mailing_list.slug}:example.org"
    assert headers["Precedence"] == "bulk"
    assert headers["Reply-To"] == "Network office <office@example.org>"
    assert headers["Content-Language"] == "sq"
    assert headers["Message-ID"].endswith("@example.org>")


def test_an_esp_gets_the_same_headers(reader, mailing_list, settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {**settings.MAILERS, "newsletter": {"BACKEND": "anymail.backends.test.EmailBackend"}}

    sent = send(reader, mailing_list, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    params = message.anymail_test_params
    assert params["extra_headers"]["Feedback-ID"] == f"{sent.pk}:{mailing_list.slug}:example.org"
    assert params["extra_headers"]["Precedence"] == "bulk"
    # anymail gives the ESP Reply-To as its own field.
    assert [str(address) for address in params["reply_to"]] == ["Network office <office@example.org>"]


def test_a_confirmation_carries_its_language_a_reply_address_and_a_message_id_of_our_domain(
    site, mailing_list, smtp_sink, settings
):
    settings.REPLY_TO_EMAIL = "office@example.org"
    settings.DEFAULT_FROM_EMAIL = "Network <news@balkancivic.net>"
    subscriber = SubscriberFactory(
        email="new@example.net", language="mk", status="pending", lists=[mailing_list]
    )
    ConsentRecord.objects.filter(subscriber=subscriber).update(confirmed_at=None)

    assert send_confirmation(ConsentRecord.objects.get(subscriber=subscriber).pk)

    [received] = smtp_sink.wait_for(1)
    assert received.message["Content-Language"] == "mk"
    assert received.message["Reply-To"] == "office@example.org"
    assert received.message["Message-ID"].endswith("@balkancivic.net>")
    assert received.message["Precedence"] is None, "one person's own mail is no bulk mail"
