"""Each recipient's message from their language's rendering: only their own parts differ.

A send's messages (`Messages.for_send`) and a test message (preview.send_test) are built the
same way, from the same headers (headers.py) and markers (markers.py), as bytes for the fast
SMTP path or as an IssueEmail for any other Django email backend.
"""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from home import dkim
from newsletter import tokens
from newsletter.engagement import consent
from newsletter.engagement.links import NOBODY, reader_part
from newsletter.models import ClickHistoryConsent, RenderedMessage
from newsletter.sending import conf, markers, wire
from newsletter.sending.headers import (
    IssueEmail,
    ListId,
    ListUnsubscribe,
    Mailbox,
    feedback_id,
    issue_headers,
)

# Stands in for the token while the URL pattern is reversed once.
TOKEN_SLOT = "__token__"  # noqa: S105 - not a secret


def message_id(send, subscriber_id, domain):
    """The Message-ID of (send, subscriber): the same on every attempt, so a resend shows as one."""
    return f"<{send.pk}.{send.key}.{subscriber_id}@{domain}>"


def list_slug(send):
    """The name of a send's audience in headers: its list's slug, or `newsletter` for several lists."""
    slugs = sorted(send.mailing_lists.values_list("slug", flat=True))
    return slugs[0] if len(slugs) == 1 else "newsletter"


def list_id_label(send):
    """The List-Id identifier (RFC 2919): the list's slug at the site's host."""
    domain = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"{list_slug(send)}.{domain}"


class Links:
    """Each recipient's links, exactly as newsletter.tokens makes them, but with the URL patterns
    reversed once per send rather than per recipient (that reversing is most of their cost)."""

    def __init__(self):
        self.unsubscribe = self._pattern("newsletter:unsubscribe")
        self.preferences = self._pattern("newsletter:preferences")

    @staticmethod
    def _pattern(name):
        before, after = reverse(name, args=[TOKEN_SLOT]).split(TOKEN_SLOT)
        return tokens.absolute(before), after

    def unsubscribe_url(self, subscriber_id):
        before, after = self.unsubscribe
        return f"{before}{tokens.make_token(tokens.UNSUBSCRIBE, subscriber_id)}{after}"

    def preferences_url(self, subscriber_id):
        before, after = self.preferences
        return f"{before}{tokens.make_token(tokens.MANAGE, subscriber_id)}{after}"


class Messages:
    """Build the messages of renderings ({(language, reader language): RenderedMessage}); templates
    are made once per pair.

    `message_id(subscriber id)` names each message; `list_label` is the List-Id's identifier
    (None: no List-Id); `feedback_id` the Feedback-ID (None: none); `metadata(subscriber id)`,
    when given, travels with each message to an ESP, which reports events with it.
    """

    def __init__(
        self,
        renderings,
        *,
        as_bytes,
        message_id,
        list_label=None,
        feedback_id=None,
        metadata=None,
        readers=frozenset(),
    ):
        self.renderings = renderings
        self.as_bytes = as_bytes
        self.message_id = message_id
        self.list_label = list_label
        self.feedback_id = feedback_id
        self.metadata = metadata
        # Subscribers whose clicks may be recorded as theirs (newsletter.engagement.consent).
        self.readers = readers
        self.sender = Mailbox.parse(conf.from_address())
        self.links = Links()
        self.templates = {}

    @classmethod
    def for_send(cls, send, *, as_bytes):
        """The messages of a send, from the renderings it keeps (RenderedMessage), read as its
        rows need them: planning renders them while the first rows go out."""
        domain = conf.sender_domain()
        return cls(
            SendRenderings(send),
            as_bytes=as_bytes,
            message_id=lambda subscriber_id: message_id(send, subscriber_id, domain),
            list_label=list_id_label(send),
            feedback_id=feedback_id(send.pk, list_slug(send), domain),
            metadata=lambda subscriber_id: {
                "newsletter_send": str(send.pk),
                "newsletter_subscriber": str(subscriber_id),
            },
            readers=_consenting_readers(send),
        )

    def reader(self, subscriber_id):
        """The part of each link that names the recipient: only theirs if they consented."""
        return reader_part(subscriber_id) if subscriber_id in self.readers else NOBODY

    def for_rows(self, rows):
        """Yield (delivery id, address, build) for rows of
        (id, subscriber id, email, name, language, reader language)."""
        build = self._bytes if self.as_bytes else self._email
        for delivery_id, subscriber_id, email, name, language, reader_language in rows:
            yield delivery_id, email, partial(build, subscriber_id, email, name, (language, reader_language))

    def _headers(self, rendering, *, recipient, message_id, list_unsubscribe):
        """Return the headers of a message of `rendering` (see headers.issue_headers)."""
        return issue_headers(
            sender=self.sender,
            recipient=recipient,
            subject=rendering.subject,
            message_id=message_id,
            language=rendering.language,
            list_id=ListId(rendering.list_name, self.list_label) if self.list_label else None,
            list_unsubscribe=list_unsubscribe,
            feedback_id=self.feedback_id,
        )

    def _bytes(self, subscriber_id, email, name, key):
        return self._template(key).render(
            wire.recipient_values(
                email=email,
                name=name,
                message_id=self.message_id(subscriber_id),
                unsubscribe_url=self.links.unsubscribe_url(subscriber_id),
                preferences_url=self.links.preferences_url(subscriber_id),
                mailto=tokens.unsubscribe_mailto(subscriber_id),
                reader=self.reader(subscriber_id),
            )
        )

    def _email(self, subscriber_id, email, name, key):
        rendering = self.renderings[key]
        unsubscribe_url = self.links.unsubscribe_url(subscriber_id)
        links = {
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": self.links.preferences_url(subscriber_id),
            "reader": self.reader(subscriber_id),
        }
        headers = self._headers(
            rendering,
            recipient=Mailbox(name, email),
            message_id=self.message_id(subscriber_id),
            list_unsubscribe=ListUnsubscribe(unsubscribe_url, tokens.unsubscribe_mailto(subscriber_id)),
        )
        message = IssueEmail(
            headers,
            text=markers.fill(rendering.text, links, markup=False),
            html=markers.fill(rendering.html, links, markup=True),
        )
        if self.metadata is not None:
            message.metadata = self.metadata(subscriber_id)
        return message

    def _template(self, key):
        if key not in self.templates:
            rendering = self.renderings[key]
            headers = self._headers(
                rendering,
                recipient=markers.marker("to"),
                message_id=markers.marker("message_id"),
                list_unsubscribe=markers.marker("list_unsubscribe"),
            )
            self.templates[key] = wire.build_template(
                headers, html_body=rendering.html, text_body=rendering.text, signer=dkim.signing_key()
            )
        return self.templates[key]


class SendRenderings(dict):
    """{(language, reader language): RenderedMessage} of a send, each read when first asked for."""

    def __init__(self, send):
        super().__init__()
        self.send = send

    def __missing__(self, key):
        language, reader_language = key
        self[key] = RenderedMessage.objects.get(
            send=self.send, language=language, reader_language=reader_language
        )
        return self[key]


def _consenting_readers(send):
    if not consent.history_allowed():
        return frozenset()
    return frozenset(
        # Read from the send's lists, not its rows: those are still being planned.
        ClickHistoryConsent.objects.filter(
            withdrawn_at__isnull=True, subscriber__subscriptions__mailing_list__sends=send
        )
        .values_list("subscriber_id", flat=True)
        .distinct()
    )
