"""With a DKIM key configured, every message on every path verifies (home/dkim.py).

dkimpy verifies each message as a receiving server would: it fetches the public key from a
DNS server that the test starts (tests/dns.py), which serves the record `manage.py dkim_key`
would have printed.
"""

import email
import email.policy

import dkim
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from django.urls import reverse

from home.mail import render_email
from newsletter.audience.emails import send_confirmation
from newsletter.models import ConsentRecord
from newsletter.sending import delivery, planning
from tests.dns import signing_with_a_served_key
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "mk", "ar", "sq"]
SELECTOR = "news2026"
# Where a signature must cover a header field the message has, so that it cannot be changed.
COVERED = {"from", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post"}


@pytest.fixture(scope="session")
def private_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def signing(settings, private_key, tmp_path):
    """A DKIM key on disk, configured, and its public half served by a local DNS server."""
    with signing_with_a_served_key(settings, tmp_path / "dkim.pem", private_key, SELECTOR) as server:
        yield server


@pytest.fixture
def readers(site, mailing_list):
    issue = build_issue(site, LANGUAGES)
    for code in LANGUAGES:
        SubscriberFactory(
            email=f"{code}@example.org", language=code, name=f"Reader {code}", lists=[mailing_list]
        )
    return issue["en"]


def send_to_everyone(issue, mailing_list, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue, [mailing_list])
        planning.start_send(send.pk)
    delivery.deliver(send.pk)
    return send


def signed_fields(raw):
    """The header fields (lowercase) that the message's signature covers."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    tags = dict(
        tag.strip().split("=", 1)
        for tag in " ".join(str(message["DKIM-Signature"]).split()).split(";")
        if tag.strip()
    )
    return {name.strip() for name in tags["h"].split(":")}, tags


def assert_verifies(server, raw):
    assert server.verify(raw), "dkimpy does not verify the signature"
    names, tags = signed_fields(raw)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    present = {name.lower() for name in message}
    assert COVERED & present <= names, f"unsigned: {(COVERED & present) - names}"
    assert (tags["d"], tags["s"]) == ("example.org", SELECTOR)


@pytest.mark.parametrize("eight_bit_mime", [True, False], ids=["fast-path", "django-smtp-backend"])
def test_every_language_of_a_send_verifies_over_smtp(
    signing, readers, mailing_list, mail_server, django_capture_on_commit_callbacks, eight_bit_mime
):
    mail_server.eight_bit_mime = eight_bit_mime

    send_to_everyone(readers, mailing_list, django_capture_on_commit_callbacks)

    received = mail_server.wait_for(len(LANGUAGES))
    assert {message.message["Content-Language"] for message in received} == set(LANGUAGES)
    for message in received:
        assert_verifies(signing, message.raw)
        names, _tags = signed_fields(message.raw)
        assert {"list-id", "feedback-id", "to"} <= names


def test_a_changed_link_fails_verification(
    signing, readers, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    send_to_everyone(readers, mailing_list, django_capture_on_commit_callbacks)

    raw = mail_server.wait_for(len(LANGUAGES))[0].raw
    assert signing.verify(raw)
    assert not signing.verify(raw.replace(b"/newsletter/unsubscribe/", b"/newsletter/unsubscribe/x", 1))
    assert not signing.verify(raw.replace(b"Subject: ", b"Subject: Re: ", 1))


def test_every_message_written_by_the_outbox_verifies(
    signing, readers, mailing_list, settings, tmp_path, django_capture_on_commit_callbacks
):
    outbox = {"BACKEND": "home.mail.OutboxBackend", "OPTIONS": {"file_path": str(tmp_path / "outbox")}}
    settings.MAILERS = {**settings.MAILERS, "newsletter": outbox}

    send_to_everyone(readers, mailing_list, django_capture_on_commit_callbacks)

    files = list((tmp_path / "outbox").iterdir())
    assert len(files) == len(LANGUAGES)
    for path in files:
        assert_verifies(signing, path.read_bytes())


@pytest.mark.parametrize("eight_bit_mime", [True, False], ids=["fast-path", "django-smtp-backend"])
def test_a_test_message_verifies(signing, readers, admin_client, mail_server, eight_bit_mime):
    mail_server.eight_bit_mime = eight_bit_mime

    admin_client.post(
        reverse("newsletter_sending:preview", args=[readers.pk]),
        {"address": "mk@example.org", "language": "mk"},
    )

    [received] = mail_server.wait_for(1)
    assert_verifies(signing, received.raw)


def test_confirmations_verify_in_every_language(signing, site, mailing_list, smtp_sink):
    for code in LANGUAGES:
        subscriber = SubscriberFactory(
            email=f"new-{code}@example.org", language=code, status="pending", lists=[mailing_list]
        )
        ConsentRecord.objects.filter(subscriber=subscriber).update(confirmed_at=None)
        assert send_confirmation(ConsentRecord.objects.get(subscriber=subscriber).pk)

    received = smtp_sink.wait_for(len(LANGUAGES))
    assert sorted(message.message["Content-Language"] for message in received) == sorted(LANGUAGES)
    for message in received:
        assert_verifies(signing, message.raw)
        assert message.message["Message-ID"].endswith("@example.org>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_signature_mail_verifies(signing, site, smtp_sink, language):
    context = {"campaign_title": "Clean air", "page_url": "https://example.org/campaign/"}

    render_email(
        "email/campaigns/already_signed", context, to=["signer@example.org"], language=language
    ).send()

    [received] = smtp_sink.wait_for(1)
    assert_verifies(signing, received.raw)
    assert received.message["Content-Language"] == language


def test_without_a_selector_nothing_is_signed(
    readers, mailing_list, mail_server, django_capture_on_commit_callbacks
):
    send_to_everyone(readers, mailing_list, django_capture_on_commit_callbacks)

    for message in mail_server.wait_for(len(LANGUAGES)):
        assert b"DKIM-Signature" not in message.raw
        assert not dkim.DKIM(message.raw).present()
