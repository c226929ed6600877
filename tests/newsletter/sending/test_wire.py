"""The wire template: one language's message built once, each recipient's filled in by a join."""

import email
import email.policy
import re

import pytest

from django.core import signing

from newsletter import tokens
from newsletter.models import Delivery
from newsletter.sending import markers, planning, wire
from newsletter.sending.headers import ListId, Mailbox, issue_headers
from newsletter.sending.messages import Links, Messages
from tests.newsletter.factories import SubscriberFactory, build_issue, paragraph

HTML = (
    '<!doctype html><html lang="sr-Latn"><body>'
    + '<!--[if mso | IE]><table role="presentation" style="width:600px"><tr><td><![endif]-->'
    + "".join(f'<p style="margin: 0 0 12px">Paragraf {n} o građanskom prostoru.</p>' for n in range(80))
    + '<p>.A line that starts with a dot</p><a href="__nl_unsubscribe_url__">Odjava</a></body></html>'
)
TEXT = (
    "Zdravo, mreža\n\n.dot at the start\n\nOdjava: __nl_unsubscribe_url__\nPostavke: __nl_preferences_url__\n"
)


def build():
    headers = issue_headers(
        sender=Mailbox.parse("Balkanska mreža <news@example.org>"),
        recipient=markers.marker("to"),
        subject="Vesti iz mreže — novembar",
        message_id=markers.marker("message_id"),
        language="sr-latn",
        list_id=ListId("Regionalni bilten", "regional.example.org"),
        list_unsubscribe=markers.marker("list_unsubscribe"),
    )
    return wire.build_template(headers, html_body=HTML, text_body=TEXT)


def values(**overrides):
    return wire.recipient_values(
        **{
            "email": "jovana@example.org",
            "name": "Jovana Petrović",
            "message_id": "<1.abc.7@example.org>",
            "unsubscribe_url": "https://example.org/newsletter/unsubscribe/eyJzIjo3fQ:1x:abc/",
            "preferences_url": "https://example.org/newsletter/preferences/eyJzIjo3fQ:1x:def/",
            "mailto": "mailto:unsubscribe@example.org?subject=unsubscribe%20eyJzIjo3fQ",
            **overrides,
        }
    )


def received(data):
    """Undo SMTP's dot-stuffing as a server does, and parse the message."""
    lines = [line[1:] if line.startswith(b".") else line for line in data.split(b"\r\n")]
    return email.message_from_bytes(b"\r\n".join(lines), policy=email.policy.default)


def test_a_recipients_message_is_their_address_and_links_in_the_languages_template():
    message = received(build().render(values()))

    assert message["To"].addresses[0].display_name == "Jovana Petrović"
    assert message["To"].addresses[0].addr_spec == "jovana@example.org"
    assert message["Subject"] == "Vesti iz mreže — novembar"
    assert message["Message-ID"] == "<1.abc.7@example.org>"
    assert message["Content-Language"] == "sr-latn"
    assert message["List-Id"] == "Regionalni bilten <regional.example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"])) == [
        "https://example.org/newsletter/unsubscribe/eyJzIjo3fQ:1x:abc/",
        "mailto:unsubscribe@example.org?subject=unsubscribe%20eyJzIjo3fQ",
    ]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Odjava: https://example.org/newsletter/unsubscribe/eyJzIjo3fQ:1x:abc/" in text
    assert ".dot at the start" in text
    assert 'href="https://example.org/newsletter/unsubscribe/eyJzIjo3fQ:1x:abc/"' in html
    assert ".A line that starts with a dot" in html


def test_no_line_exceeds_smtps_limit_and_lines_starting_with_a_dot_are_stuffed():
    data = build().render(values())

    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= wire.LINE_LIMIT
    assert b"..dot at the start" in lines
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_html_is_broken_only_where_a_newline_means_what_the_space_did():
    lines = wire.wrap_lines(HTML, markup=True)

    joined = "\n".join(lines)
    assert len(lines) > 1
    assert joined.replace("\n", " ") == HTML
    # Outlook's conditional comments and quoted attribute values stay whole.
    assert "<!--[if mso | IE]>" in joined
    assert 'style="margin: 0 0 12px"' in joined


def test_recipients_without_a_name_get_their_bare_address():
    message = received(build().render(values(name="")))

    assert str(message["To"]) == "jovana@example.org"


def test_recipient_links_are_exactly_those_newsletter_tokens_makes(monkeypatch):
    monkeypatch.setattr(signing.time, "time", lambda: 1_800_000_000)
    links = Links()

    assert links.unsubscribe_url(42) == tokens.unsubscribe_url(42)
    assert links.preferences_url(42) == tokens.preferences_url(42)


@pytest.mark.django_db
def test_a_sends_html_is_kept_wrapped_so_no_delivery_process_scans_it_again(
    site, mailing_list, monkeypatch, django_capture_on_commit_callbacks
):
    long_paragraph = " ".join(["Civic space is shrinking across the region."] * 60)
    issue = build_issue(site, ["en"], body=[paragraph(long_paragraph)])
    SubscriberFactory(lists=[mailing_list])
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue["en"], [mailing_list])
        planning.start_send(send.pk)
    scanned = []
    scan = wire._wrap
    monkeypatch.setattr(wire, "_wrap", lambda line, markup: scanned.append(line) or scan(line, markup))

    message = Messages.for_send(send, as_bytes=True)
    ((_id, _address, build),) = message.for_rows(
        Delivery.objects.filter(send=send).values_list(
            "id", "subscriber_id", "subscriber__email", "subscriber__name", "language", "reader_language"
        )
    )
    body = build()

    assert long_paragraph.split(" ", 1)[1][:40].encode() in body.replace(b"\r\n", b" ")
    assert all(len(line) <= wire.LINE_LIMIT for line in body.split(b"\r\n"))
    # Only the lines a recipient's own values lengthen are looked at again, not the paragraph.
    assert all(len(line) < 1000 for line in scanned)
