"""An issue's headers are the same whichever way its message leaves (newsletter/sending/headers.py).

Two faults were found on the ways other than the fast SMTP path: Python's email package folded
a long List-Unsubscribe into RFC 2047 words, in which mailbox providers find no link; and a
recipient named like `O'Brien, Pat` was written unquoted, which reads as two addresses (an ESP's
API refused it as invalid, and the refusal held back the next recipient too).
"""

import email
import email.policy
import html
import re
from email.utils import getaddresses

import pytest

from django.core import mail
from django.urls import reverse

from newsletter.models import Delivery
from newsletter.sending import delivery, planning
from tests.newsletter.factories import SubscriberFactory, build_issue

pytestmark = pytest.mark.django_db

NAME = "O'Brien, Pat"


@pytest.fixture
def readers(site, mailing_list):
    """An issue in English, and two readers of it: one named with a comma, and one after them."""
    issue = build_issue(site, ["en"])
    named = SubscriberFactory(email="pat@example.org", name=NAME, lists=[mailing_list])
    SubscriberFactory(email="next@example.org", lists=[mailing_list])
    return issue["en"], named


def send_to_everyone(issue, mailing_list, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send = planning.create_send(issue, [mailing_list])
        planning.start_send(send.pk)
    delivery.deliver(send.pk)
    return send


def travelled(message, name):
    """A header as it travelled, unfolded, its encoded words (if any) left as they are."""
    return " ".join(dict(message.raw_items())[name].split())


def assert_one_recipient(value, name, address):
    assert getaddresses([value]) == [(name, address)], f"not one recipient: {value}"


def assert_one_click_link_first(value):
    assert "=?" not in value, f"encoded words where a link should be: {value}"
    assert re.findall(r"<([^>]+)>", value)[0].startswith("http://testserver/newsletter/unsubscribe/")


@pytest.mark.parametrize("eight_bit_mime", [True, False], ids=["fast-path", "server-without-8bitmime"])
def test_over_smtp(readers, mailing_list, mail_server, django_capture_on_commit_callbacks, eight_bit_mime):
    issue, named = readers
    mail_server.eight_bit_mime = eight_bit_mime

    send_to_everyone(issue, mailing_list, django_capture_on_commit_callbacks)

    received = {message.recipients[0]: message.message for message in mail_server.wait_for(2)}
    assert_one_recipient(travelled(received[named.email], "To"), NAME, named.email)
    assert_one_click_link_first(travelled(received[named.email], "List-Unsubscribe"))
    assert travelled(received[named.email], "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert travelled(received[named.email], "List-Id") == "Regional newsletter <regional.testserver>"


def test_through_an_esps_api(readers, mailing_list, settings, django_capture_on_commit_callbacks):
    issue, named = readers
    settings.MAILERS = {**settings.MAILERS, "newsletter": {"BACKEND": "anymail.backends.test.EmailBackend"}}

    send = send_to_everyone(issue, mailing_list, django_capture_on_commit_callbacks)

    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {Delivery.Status.SENT}
    params = {message.to[0]: message.anymail_test_params for message in mail.outbox}
    [pat] = (value for recipient, value in params.items() if named.email in recipient)
    assert [(address.display_name, address.addr_spec) for address in pat["to"]] == [(NAME, named.email)]
    assert_one_click_link_first(pat["extra_headers"]["List-Unsubscribe"])


def test_as_a_mime_message_written_by_a_django_backend(
    readers, mailing_list, settings, tmp_path, django_capture_on_commit_callbacks
):
    issue, named = readers
    outbox = {"BACKEND": "home.mail.OutboxBackend", "OPTIONS": {"file_path": str(tmp_path)}}
    settings.MAILERS = {**settings.MAILERS, "newsletter": outbox}

    send_to_everyone(issue, mailing_list, django_capture_on_commit_callbacks)

    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in tmp_path.iterdir()
    ]
    [message] = [message for message in messages if named.email in travelled(message, "To")]
    assert_one_recipient(travelled(message, "To"), NAME, named.email)
    assert_one_click_link_first(travelled(message, "List-Unsubscribe"))
    assert len(messages) == 2


def test_in_the_preview(readers, admin_client, admin_user):
    issue, _named = readers
    admin_user.first_name, admin_user.last_name = "Pat", "O'Brien, Jr."
    admin_user.save()

    page = admin_client.get(reverse("newsletter_sending:preview", args=[issue.pk])).text

    shown = html.unescape(re.search(r"<pre[^>]*>(From: .*?)</pre>", page, re.S)[1])
    headers = dict(line.split(": ", 1) for line in shown.splitlines())
    assert_one_recipient(headers["To"], "Pat O'Brien, Jr.", admin_user.email)
    assert_one_click_link_first(headers["List-Unsubscribe"])
    assert headers["Subject"] == "[en] Hello, network"


@pytest.mark.parametrize("eight_bit_mime", [True, False], ids=["fast-path", "server-without-8bitmime"])
def test_in_a_test_send(readers, admin_client, mail_server, eight_bit_mime):
    issue, named = readers
    mail_server.eight_bit_mime = eight_bit_mime

    response = admin_client.post(
        reverse("newsletter_sending:preview", args=[issue.pk]), {"address": named.email, "language": "en"}
    )

    assert response.status_code == 302
    [received] = mail_server.wait_for(1)
    assert_one_recipient(travelled(received.message, "To"), NAME, named.email)
    assert_one_click_link_first(travelled(received.message, "List-Unsubscribe"))


def test_a_test_message_leaves_as_every_message_of_a_send_does(readers, admin_client, mail_server, settings):
    issue, named = readers
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@example.org"

    admin_client.post(
        reverse("newsletter_sending:preview", args=[issue.pk]), {"address": named.email, "language": "en"}
    )

    [received] = mail_server.wait_for(1)
    assert received.sender == "bounces@example.org", "its bounces go where a send's go"
    assert "BODY=8BITMIME" in mail_server.mail_options, "over the pipelined 8bit path"
