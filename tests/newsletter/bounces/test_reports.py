"""Reading real report formats: what each sample is and says, before any delivery is looked up."""

from types import SimpleNamespace

import pytest

from newsletter.bounces import reports, verp
from newsletter.sending import feedback
from tests.newsletter.bounces.conftest import sample

DELIVERY = SimpleNamespace(
    pk=41,
    subscriber_id=7,
    subscriber=SimpleNamespace(email="ana@example.net"),
    send=SimpleNamespace(pk=3, key="a1b2c3d4e5f6"),
)
OUR_MESSAGE_ID = "<3.a1b2c3d4e5f6.7@example.org>"


@pytest.mark.parametrize(
    ("name", "values", "form", "kind", "status"),
    [
        ("postfix_dsn", {}, reports.DSN, feedback.HARD_BOUNCE, "5.1.1"),
        ("exchange_dsn", {}, reports.DSN, feedback.HARD_BOUNCE, "5.1.10"),
        ("gmail_dsn", {}, reports.DSN, feedback.HARD_BOUNCE, "5.1.1"),
        ("gmail_dsn", {"status": "4.2.2", "reply": "452 Full"}, reports.DSN, feedback.SOFT_BOUNCE, "4.2.2"),
        ("gmail_dsn", {"status": "5.7.1", "reply": "550 No"}, reports.DSN, feedback.SOFT_BOUNCE, "5.7.1"),
        ("yahoo_arf", {}, reports.ARF, feedback.COMPLAINT, "abuse"),
        ("microsoft_arf", {}, reports.ARF, feedback.COMPLAINT, "abuse"),
    ],
)
def test_each_report_format_says_who_and_what(name, values, form, kind, status):
    reading = reports.read(sample(name, DELIVERY, **values))

    assert reading.form == form
    [report] = reading.reports
    assert report.kind == kind
    assert report.recipient in {"ana@example.net", ""}
    assert status in report.detail
    assert reading.original_message_id == OUR_MESSAGE_ID
    if name != "microsoft_arf":
        assert verp.find(reading.addresses) == DELIVERY.pk
    else:
        assert "ana@example.net" in reading.original_recipients


def test_a_delay_warning_reports_nothing():
    reading = reports.read(sample("gmail_dsn", DELIVERY, action="delayed", status="4.4.1"))
    assert (reading.form, reading.reports) == (reports.DSN, [])


def test_a_vacation_reply_is_an_automatic_reply_and_a_dsn_is_not():
    assert reports.read(sample("vacation_reply", DELIVERY)).form == reports.AUTO_REPLY
    # DSNs carry Auto-Submitted too (RFC 3834 §5): the report is read first.
    assert reports.read(sample("postfix_dsn", DELIVERY)).form == reports.DSN


def test_a_report_without_its_report_part_is_unreadable():
    with pytest.raises(reports.Unreadable):
        reports.read(sample("not_a_report", DELIVERY))


@pytest.fixture(autouse=True)
def verp_on(settings):
    settings.NEWSLETTER_VERP_DOMAIN = "bounces.example.org"


def test_a_message_without_a_delivery_keeps_the_plain_bounce_address(settings):
    settings.NEWSLETTER_BOUNCE_ADDRESS = "Bounces <bounces@example.org>"
    senders = verp.envelope_senders()

    assert senders(0) == b"bounces@example.org", "a test message"
    assert verp.read(senders(12).decode()) == 12
    settings.NEWSLETTER_VERP_DOMAIN = ""
    assert verp.envelope_senders()(12) == b"bounces@example.org", "VERP off"


def test_a_verp_address_signed_under_another_key_is_forged(settings):
    genuine = verp.address(12)
    settings.SECRET_KEY = "another key entirely, as on another installation"

    with pytest.raises(verp.Forged):
        verp.read(genuine)
    assert verp.read("someone@example.org") is None
