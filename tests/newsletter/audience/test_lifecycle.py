"""The audience's rules, called the way other parts of the platform call them."""

import pytest

from django.core import mail
from django.core.exceptions import ValidationError

from newsletter import audience
from newsletter.models import ConsentRecord, Subscriber, Suppression
from tests.newsletter.factories import SubscriberFactory

Reason = Suppression.Reason


def campaign_consent():
    return audience.Consent(
        wording="Keep me informed about this campaign.",
        version="petition-2026",
        language="sq",
        source=Subscriber.Source.CAMPAIGN,
        source_detail="/sq/campaigns/free-press/",
    )


@pytest.mark.django_db
def test_a_campaign_sign_up_opts_in_through_the_same_confirmation(lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = audience.subscribe(
            "Ana@Example.org",
            lists=[lists["calls"]],
            consent=campaign_consent(),
            language="sq",
            name="Ana\r\nBcc: victim@example.org",
        )

    subscriber = record.subscriber
    assert (subscriber.status, subscriber.source, subscriber.language) == ("pending", "campaign", "sq")
    assert subscriber.name == "Ana Bcc: victim@example.org", "no line break survives into a name"
    assert (record.wording, record.version, record.source_detail) == (
        "Keep me informed about this campaign.",
        "petition-2026",
        "/sq/campaigns/free-press/",
    )
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.recipients() == ["ana@example.org"]
    assert "\n" not in message.subject
    assert message.extra_headers.keys() == {"Auto-Submitted", "Content-Language", "Message-ID"}
    assert (message.extra_headers["Auto-Submitted"], message.extra_headers["Content-Language"]) == (
        "auto-generated",
        "sq",
    )


@pytest.mark.django_db
def test_nothing_is_sent_to_an_address_staff_suppressed(lists):
    audience.suppress("blocked@example.org", Reason.MANUAL)

    assert (
        audience.subscribe(
            "blocked@example.org", lists=[lists["calls"]], consent=campaign_consent(), language="sq"
        )
        is None
    )
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", [Reason.HARD_BOUNCE, Reason.COMPLAINT])
def test_a_bounced_or_complained_address_may_ask_again_and_stays_suppressed_until_it_confirms(lists, reason):
    audience.suppress("ana@example.org", reason)

    record = audience.subscribe(
        "ana@example.org", lists=[lists["calls"]], consent=campaign_consent(), language="sq"
    )

    assert record.subscriber.status == Subscriber.Status.PENDING
    assert Suppression.objects.is_suppressed("ana@example.org")


@pytest.mark.django_db
def test_a_bounce_or_complaint_never_gives_way_to_a_milder_reason(lists):
    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"]])

    audience.unsubscribe(subscriber)
    audience.suppress(subscriber.email, Reason.COMPLAINT)
    audience.suppress(subscriber.email, Reason.HARD_BOUNCE)
    audience.unsubscribe(subscriber)

    subscriber.refresh_from_db()
    assert Suppression.objects.matching(subscriber.email).get().reason == Reason.COMPLAINT
    assert subscriber.status == Subscriber.Status.COMPLAINED
    assert Suppression.objects.count() == 1


@pytest.mark.django_db
def test_a_webhooks_bounce_takes_a_subscriber_off_every_list(lists):
    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"], lists["calls"]])

    suppression = audience.suppress(" ANA@example.org ", Reason.HARD_BOUNCE)

    subscriber.refresh_from_db()
    assert suppression.reason == Reason.HARD_BOUNCE
    assert subscriber.status == Subscriber.Status.BOUNCED
    assert not subscriber.lists.exists()
    assert not Subscriber.objects.mailable().exists()


@pytest.mark.django_db
def test_bad_calls_are_refused(lists):
    with pytest.raises(ValidationError):
        audience.suppress("not an address", Reason.HARD_BOUNCE)
    with pytest.raises(ValueError, match="erase"):
        audience.suppress("ana@example.org", Reason.ERASED)
    pending = SubscriberFactory(email="ana@example.org", status=Subscriber.Status.PENDING)
    with pytest.raises(audience.NotActive):
        audience.change_preferences(pending, language="de")


@pytest.mark.django_db
def test_a_data_export_holds_every_row_that_refers_to_the_subscriber(lists):
    subscriber = SubscriberFactory(email="ana@example.org", lists=[lists["regional"]], language="mk")

    data = audience.export_data(subscriber, "mk")

    assert set(data) >= {"profile", "subscriptions", "consents"}
    assert data["subscriptions"][0]["list"] == "Регионален билтен"
    assert data["consents"][0]["version"] == "test"
