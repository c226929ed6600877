"""What an issue looks like in a language before it is sent, and a test message to prove it."""

from dataclasses import dataclass
from email.utils import make_msgid

from django.utils.translation import gettext as _

from home.languages import fallback_chain
from newsletter import tokens
from newsletter.models import Subscriber
from newsletter.sending import conf, recipients
from newsletter.sending.messages import sender_domain
from newsletter.sending.rendering import render_issue
from newsletter.sending.transports import build_email


@dataclass
class Preview:
    language: str
    shown_language: str
    page: object
    rendered: object
    is_draft: bool

    @property
    def is_fallback(self):
        return self.shown_language != self.language


def version(issue, language):
    """Return (language shown, its page, what to render) for readers of `language`.

    A language without a translation gets the one its fallback chain leads to; a
    translation with unpublished changes is shown as its latest draft.
    """
    pages = recipients.translations(issue)
    shown = next((code for code in fallback_chain(language) if code in pages), issue.locale.language_code)
    page = pages.get(shown, issue)
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else page
    return shown, page, draft


def preview(issue, language):
    """Render the issue as a reader of `language` would get it, drafts included, with example links."""
    shown, page, draft = version(issue, language)
    return Preview(
        language, shown, page, render_issue(draft, shown, links="example"), is_draft=draft is not page
    )


def send_test(issue, language, address):
    """Send one test message of the issue in `language` to `address`; its links work if it subscribes."""
    shown, _page, draft = version(issue, language)
    subscriber_id = Subscriber.objects.filter(email__iexact=address).values_list("pk", flat=True).first() or 0
    links = {
        "unsubscribe_url": tokens.unsubscribe_url(subscriber_id),
        "preferences_url": tokens.preferences_url(subscriber_id),
    }
    rendered = render_issue(draft, shown, links=links)
    message = build_email(
        subject=_("[Test] %(subject)s") % {"subject": rendered.subject},
        text=rendered.text,
        html=rendered.html,
        sender=conf.from_address(),
        to=address,
        headers={
            "Content-Language": shown,
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Unique: mail programs hide a second message with a Message-ID they have seen.
            "Message-ID": make_msgid("test", domain=sender_domain()),
        },
    )
    message.send(using=conf.mailer_alias())
    return shown
