"""Fixtures of the newsletter's tests, all made with tests/newsletter/factories.py: lists in two
languages, an issue in every language, and a programmable mail server."""

import pytest

from wagtail.models import Locale

from tests.newsletter.factories import MailingListFactory, build_issue
from tests.newsletter.sending.support import MailServer, use_mail_server


@pytest.fixture
def lists(db):
    """Source-language lists, two public and one private; the public ones also in Macedonian."""
    created = {
        "regional": MailingListFactory(name="Regional newsletter", slug="regional"),
        "calls": MailingListFactory(name="Calls for proposals", slug="calls"),
        "board": MailingListFactory(name="Board", slug="board", is_public=False),
    }
    macedonian = Locale.objects.get(language_code="mk")
    for slug, name in (("regional", "Регионален билтен"), ("calls", "Повици за предлози")):
        translation = created[slug].copy_for_translation(macedonian)
        translation.name = name
        translation.save()
        created[f"{slug}-mk"] = translation
    return created


@pytest.fixture
def mailing_list(db):
    """The one list a send goes to."""
    return MailingListFactory(name="Regional newsletter", slug="regional")


@pytest.fixture
def issue(site):
    """An issue published in all seven languages ({code: page})."""
    return build_issue(site)


@pytest.fixture
def mail_server(settings):
    """A real SMTP server announcing PIPELINING; all mailers point at it."""
    with MailServer() as server:
        use_mail_server(settings, server)
        yield server


@pytest.fixture
def fast_retries(settings):
    """Retry delays of a fifth of a second, so that a test sees the retry happen."""
    settings.NEWSLETTER_RETRY_DELAYS = [0.2]
    return settings
