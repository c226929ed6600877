"""Each recipient's message from their language's rendering: only their own parts differ."""

from email.utils import parseaddr
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from newsletter import tokens
from newsletter.models import RenderedMessage
from newsletter.sending import conf, wire
from newsletter.sending.rendering import SLOT_LINKS
from newsletter.sending.transports import build_email

# Stands in for the token while the URL pattern is reversed once.
TOKEN_SLOT = "__token__"  # noqa: S105 - not a secret


def message_id(send, subscriber_id, domain):
    """The Message-ID of (send, subscriber): the same on every attempt, so a resend shows as one."""
    return f"<{send.pk}.{send.key}.{subscriber_id}@{domain}>"


def sender_domain():
    return parseaddr(conf.from_address())[1].rpartition("@")[2] or "localhost"


def list_id_label(send):
    """The List-Id identifier (RFC 2919): the list's slug, or `newsletter` for several lists."""
    slugs = sorted(send.mailing_lists.values_list("slug", flat=True))
    domain = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"{slugs[0] if len(slugs) == 1 else 'newsletter'}.{domain}"


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
    """Build the messages of one send; templates are made once per language, on first use."""

    def __init__(self, send, *, as_bytes):
        self.send = send
        self.as_bytes = as_bytes
        self.from_header = wire.address_header(conf.from_address())
        self.list_label = list_id_label(send)
        self.domain = sender_domain()
        self.links = Links()
        self.renderings = {}
        self.templates = {}

    def for_rows(self, rows):
        """Yield (delivery id, address, build) for rows of (id, subscriber id, email, name, language)."""
        build = self._bytes if self.as_bytes else self._email
        for delivery_id, subscriber_id, email, name, language in rows:
            yield delivery_id, email, partial(build, subscriber_id, email, name, language)

    def _bytes(self, subscriber_id, email, name, language):
        return self._template(language).render(self._values(subscriber_id, email, name))

    def _values(self, subscriber_id, email, name):
        return wire.recipient_values(
            email=email,
            name=name,
            message_id=message_id(self.send, subscriber_id, self.domain),
            unsubscribe_url=self.links.unsubscribe_url(subscriber_id),
            preferences_url=self.links.preferences_url(subscriber_id),
            mailto=tokens.unsubscribe_mailto(subscriber_id),
        )

    def _email(self, subscriber_id, email, name, language):
        rendering = self._rendering(language)
        unsubscribe_url = self.links.unsubscribe_url(subscriber_id)
        links = {
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": self.links.preferences_url(subscriber_id),
        }
        mailto = tokens.unsubscribe_mailto(subscriber_id)
        html, text = rendering.html, rendering.text
        for name_, marker in SLOT_LINKS.items():
            html = html.replace(marker, links[name_])
            text = text.replace(marker, links[name_])
        message = build_email(
            subject=rendering.subject,
            text=text,
            html=html,
            sender=conf.from_address(),
            to=f"{name} <{email}>" if name else email,
            headers={
                "Message-ID": message_id(self.send, subscriber_id, self.domain),
                "Content-Language": language,
                "List-Id": wire.list_id_header(rendering.list_name, self.list_label),
                "List-Unsubscribe": f"<{unsubscribe_url}>" + (f", <{mailto}>" if mailto else ""),
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        # ESPs that report events with the sender's metadata tie them back to this delivery.
        message.metadata = {"newsletter_send": str(self.send.pk), "newsletter_subscriber": str(subscriber_id)}
        return message

    def _rendering(self, language):
        if not self.renderings:
            self.renderings = {
                message.language: message for message in RenderedMessage.objects.filter(send=self.send)
            }
        return self.renderings[language]

    def _template(self, language):
        if language not in self.templates:
            rendering = self._rendering(language)
            self.templates[language] = wire.build_template(
                subject=rendering.subject,
                html_body=rendering.html,
                text_body=rendering.text,
                language=language,
                from_header=self.from_header,
                list_id=wire.list_id_header(rendering.list_name, self.list_label),
            )
        return self.templates[language]
