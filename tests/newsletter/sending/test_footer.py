"""The words around a newsletter's content (browser link, footer) follow the reader's own language."""

import re
from datetime import timedelta

import pytest

from django.utils import timezone

from newsletter.models import RenderedMessage, Send
from newsletter.sending import planning, rendering
from tests.factories import publish_details
from tests.newsletter.factories import GREETINGS, SubscriberFactory, build_issue
from tests.newsletter.sending.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "Balkan Civil Society Network\nRruga e Kavajës 12\n1001 Tirana, Albania"


def send_and_wait(issue, mailing_list):
    send = planning.create_send(issue, [mailing_list])
    wait_until(
        lambda: Send.objects.get(pk=send.pk).status in {Send.Status.FINISHED, Send.Status.PAUSED},
        message="the send did not finish",
    )
    return send


@pytest.fixture
def network(migrated_rows, site):
    return publish_details(site["en"], address=ADDRESS)


def test_fallback_readers_get_the_footer_and_a_fallback_note_in_their_own_language(
    site, mailing_list, mail_server, celery_worker, network
):
    # German is not translated (English by fallback); Montenegrin is a draft (Serbian Latin).
    issue = build_issue(site, ["en", "sr-latn"], drafts=["cnr"])
    for code in ["en", "de", "sr-latn", "cnr"]:
        SubscriberFactory(email=f"{code}@example.org", language=code, lists=[mailing_list])

    send = send_and_wait(issue["en"], mailing_list)

    received = {message.recipients[0]: message for message in mail_server.wait_for(4)}
    german, english = received["de@example.org"], received["en@example.org"]
    # The content is the English edition, the words around it German.
    assert german.message["Content-Language"] == "en"
    assert GREETINGS["en"] in german.body("plain")
    assert "Sie erhalten diese E-Mail, weil Sie Regional newsletter abonniert haben." in german.body("plain")
    assert "Abmelden:" in german.body("plain")
    assert "Unsubscribe:" not in german.body("plain")
    assert re.search(r'<div lang="de" dir="ltr">[^<]*<p[^>]*>Sie erhalten diese E-Mail', german.body("html"))
    assert ">Abmelden</a>" in german.body("html")
    # ...and it says, in their own part of the message, that the issue is not in German yet.
    assert re.search(r'<div lang="de" dir="ltr"><p[^>]*>[^<]*(Englisch|English)', german.body("html"))
    assert "not available in your language" not in english.body("plain")
    # A Montenegrin reader of the Serbian edition reads Montenegrin words, not Serbian ones.
    montenegrin = received["cnr@example.org"]
    assert montenegrin.message["Content-Language"] == "sr-latn"
    assert "Ovaj imejl dobijate jer ste se pretplatili" in montenegrin.body("plain")
    assert "primate" not in montenegrin.body("plain")
    assert "primate" in received["sr-latn@example.org"].body("plain")
    # Every reader's footer names the network and its postal address.
    for message in received.values():
        assert "Rruga e Kavajës 12" in message.body("plain")
        assert '<span dir="auto">Rruga e Kavajës 12</span><br><span dir="auto">1001 Tirana' in message.body(
            "html"
        )
    # One rendering per (edition, reader language), not per recipient.
    pairs = set(RenderedMessage.objects.filter(send=send).values_list("language", "reader_language"))
    assert pairs == {("en", "en"), ("en", "de"), ("sr-latn", "sr-latn"), ("sr-latn", "cnr")}


def test_the_edition_is_compiled_once_however_many_reader_languages_it_has(
    site, mailing_list, network, monkeypatch
):
    issue = build_issue(site, ["en"])
    for code in ["en", "de", "sq", "mk", "cnr", "ar"]:
        SubscriberFactory(email=f"{code}@example.org", language=code, lists=[mailing_list])
    compiled = []
    compile_mjml = rendering.mjml2html
    monkeypatch.setattr(rendering, "mjml2html", lambda *a, **k: compiled.append(1) or compile_mjml(*a, **k))
    # Scheduled, so that no task starts it: the test plans and renders it itself.
    send = planning.create_send(issue["en"], [mailing_list], scheduled_at=timezone.now() + timedelta(days=1))
    Send.objects.filter(pk=send.pk).update(status=Send.Status.QUEUED)
    assert sum(planning.Planner(planning.begin(send.pk)[0]).slices()) == 6

    assert len(compiled) == 1
    arabic = RenderedMessage.objects.get(send=send, reader_language="ar")
    # The Arabic reader's words run right to left inside the English edition.
    assert '<div lang="ar" dir="rtl">' in arabic.html
    assert "تصلك هذه الرسالة لأنك اشتركت في" in arabic.text
