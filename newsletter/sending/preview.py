"""What an issue looks like in a language before it is sent, and a test message to prove it.

The preview shows the headers and parts a reader gets; the test message goes the way every
message of a send goes (messages.py, transports.py), only in the draft's words.
"""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.utils.translation import gettext as _

from home.localization import nearest
from newsletter import tokens
from newsletter.models import RenderedMessage, Subscriber
from newsletter.sending import conf, recipients
from newsletter.sending.headers import ListUnsubscribe, Mailbox, issue_headers
from newsletter.sending.journal import Unjournaled
from newsletter.sending.messages import Messages
from newsletter.sending.rendering import render_example, render_issue
from newsletter.sending.smtp import ConnectionFailed
from newsletter.sending.transports import open_transport
from newsletter.sending.wire import WireError


class NotSent(Exception):
    """The test message was refused, or the mail server could not be reached; the text says why."""


@dataclass
class Preview:
    language: str
    shown_language: str
    page: object
    rendered: object
    is_draft: bool
    headers: list

    @property
    def is_fallback(self):
        return self.shown_language != self.language


def version(issue, language):
    """Return (language shown, its page, what to render) for readers of `language`.

    A language without a translation gets the one its fallback chain leads to; a
    translation with unpublished changes is shown as its latest draft.
    """
    page = nearest(recipients.translations(issue), language) or issue
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else page
    return page.locale.language_code, page, draft


def preview(issue, language, recipient):
    """Render the issue as `recipient` (a Mailbox) would get it in `language`, drafts included.

    The links are examples; the headers are those of the message, but for its Message-ID,
    which each send makes for each recipient.
    """
    shown, page, draft = version(issue, language)
    rendered = render_example(draft, shown, reader_language=language)
    headers = issue_headers(
        sender=Mailbox.parse(conf.from_address()),
        recipient=recipient,
        subject=rendered.subject,
        message_id="",
        language=shown,
        list_unsubscribe=ListUnsubscribe(tokens.unsubscribe_url(0), tokens.unsubscribe_mailto(0)),
    )
    return Preview(
        language,
        shown,
        page,
        rendered,
        is_draft=draft is not page,
        headers=[(name, str(value)) for name, value in headers if name != "Message-ID"],
    )


def send_test(issue, language, address):
    """Send one test message of the issue in `language` to `address`; its links work if it subscribes.

    It leaves through the newsletter mailer as every message of a send does. Raises
    NotSent when the mail server refuses it or cannot be reached.
    """
    shown, _page, draft = version(issue, language)
    subscriber = Subscriber.objects.filter(email__iexact=address).values_list("pk", "name").first()
    subscriber_id, name = subscriber or (0, "")
    rendering = _test_rendering(shown, render_issue(draft, shown, reader_language=language))
    replies = {}
    try:
        transport = open_transport(settings.NEWSLETTER_MAILER)
        try:
            messages = Messages(
                {(shown, language): rendering},
                as_bytes=transport.needs_bytes,
                message_id=_test_message_id,
            )
            rows = [(0, subscriber_id, address, name, shown, language)]
            transport.deliver(messages.for_rows(rows), Unjournaled(), replies.__setitem__)
        finally:
            transport.close()
    except (ConnectionFailed, WireError) as error:
        raise NotSent(str(error)) from error
    reply = replies.get(0)
    if reply is None or not reply.ok:
        raise NotSent(str(reply or _("The mail server did not answer.")))
    return shown


def _test_rendering(language, rendered):
    return RenderedMessage(
        language=language,
        subject=_("[Test] %(subject)s") % {"subject": rendered.subject},
        preheader=rendered.preheader,
        html=rendered.html,
        text=rendered.text,
        web_url=rendered.web_url,
    )


def _test_message_id(_subscriber_id):
    # Unique: mail programs hide a second message with a Message-ID they have seen.
    return make_msgid("test", domain=conf.sender_domain())
