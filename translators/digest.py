"""The translators' digest: at most one email a day per translator and language, listing what to update.

A digest goes out when something new waits for the language (a source changed, or a page was
published that nobody has translated) since the translator's previous digest. The database
decides "at most once a day": a DigestDelivery row per (translator, language, day) is claimed
before the message is sent.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.localization import get_available_admin_languages
from wagtail.users.models import UserProfile

from home.mail import render_email
from translators.models import DigestDelivery, LanguageTeam, SourceChange
from translators.workload import untranslated_pages, workload

# Items listed per section of a digest; the dashboard has the rest.
DIGEST_LENGTH = 25


def send_translator_digests(*, locale_ids=None, now=None):
    """Send today's digest to each translator with news since their last one; return how many were sent.

    locale_ids limits the languages considered (default: all). Safe to call any number of times
    a day, from any number of workers: a translator gets at most one digest a day per language.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    teams = LanguageTeam.objects.filter(translators__isnull=False).select_related("locale", "translators")
    if locale_ids is not None:
        teams = teams.filter(locale_id__in=locale_ids)
    sent = 0
    for team in teams:
        recipients = team.translators.user_set.filter(is_active=True).exclude(email="")
        for recipient in recipients:
            since = _last_digest_at(recipient, team.locale)
            if not has_news(team.locale, since):
                continue
            delivery = _claim(recipient, team.locale, today)
            if delivery is None:
                continue
            try:
                send_digest(recipient, team.locale, since=since)
            except Exception:
                # Nothing went out: give the day back so that a later run can send it.
                delivery.delete()
                raise
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            sent += 1
    return sent


def has_news(locale, since):
    """Say whether something waits for locale that appeared after since (anything, if since is None)."""
    changes = SourceChange.objects.filter(
        source__translations__target_locale=locale, source__translations__enabled=True
    )
    pages = untranslated_pages(locale)
    if since is not None:
        changes = changes.filter(changed_at__gt=since)
        pages = pages.filter(first_published_at__gt=since)
    return changes.exists() or pages.exists()


def send_digest(recipient, locale, *, since=None):
    """Email recipient what waits for locale: outdated translations with what changed, new pages."""
    load = workload(locale, length=DIGEST_LENGTH)
    base_url = settings.WAGTAILADMIN_BASE_URL
    context = {
        "recipient": recipient,
        "language": locale.get_display_name(),
        "load": load,
        "since": since,
        "base_url": base_url,
        "dashboard_url": base_url + reverse("wagtailadmin_home"),
    }
    message = render_email(
        "email/translators/digest", context, to=[recipient.email], language=_admin_language(recipient, locale)
    )
    message.send(using="default")


def _last_digest_at(recipient, locale):
    return (
        DigestDelivery.objects.filter(recipient=recipient, locale=locale, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )


def _claim(recipient, locale, day):
    try:
        with transaction.atomic():
            return DigestDelivery.objects.create(recipient=recipient, locale=locale, day=day)
    except IntegrityError:
        return None


def _admin_language(recipient, locale):
    """Write in the language the translator chose for the admin, else in the language they translate."""
    profile = UserProfile.get_for_user(recipient)
    if profile.preferred_language:
        return profile.preferred_language
    available = dict(get_available_admin_languages())
    return locale.language_code if locale.language_code in available else settings.LANGUAGE_CODE
