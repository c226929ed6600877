from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wagtail.models import Locale

from home.languages import content_language_codes
from newsletter.models import MailingList, NewsletterIssuePage
from newsletter.sending import planning, recipients


class Command(BaseCommand):
    help = "Send a newsletter issue to the subscribers of some lists, each in their language, now or later."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue: its page id, or its slug in the source language.")
        parser.add_argument(
            "--list",
            dest="lists",
            action="append",
            required=True,
            metavar="SLUG",
            help="A list (repeatable).",
        )
        parser.add_argument(
            "--language",
            dest="languages",
            action="append",
            default=[],
            metavar="CODE",
            help="Only subscribers of this language (repeatable; default: every language).",
        )
        parser.add_argument(
            "--at", help="Schedule for this time (ISO 8601, e.g. 2026-12-01T09:00) instead of now."
        )
        parser.add_argument(
            "--count-opens",
            action="store_true",
            help="Count opens with a 1x1 image in each message, per language, never per reader (an "
            "estimate: mail apps load images on their own or not at all). Off unless given.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would receive what, send nothing."
        )

    def handle(self, *args, issue, lists, languages, at, count_opens, dry_run, **options):
        page = self.find_issue(issue)
        mailing_lists = self.find_lists(lists)
        unknown = sorted(set(languages) - set(content_language_codes()))
        if unknown:
            raise CommandError(_("Unknown language(s): %(codes)s.") % {"codes": ", ".join(unknown)})
        scheduled_at = self.parse_time(at) if at else None

        rows = recipients.summary(page, mailing_lists, languages)
        row_format = "{:<10} {:>11}  {:<10} {}"
        self.stdout.write(row_format.format(_("language"), _("subscribers"), _("translation"), _("receives")))
        for row in rows:
            self.stdout.write(
                row_format.format(row.language, row.subscribers, row.status, row.receives or _("nothing"))
            )
        total = sum(row.subscribers for row in rows if row.receives)
        self.stdout.write(_("%(total)s recipients.") % {"total": total})
        if dry_run:
            return
        try:
            send = planning.create_send(
                page, mailing_lists, languages=languages, scheduled_at=scheduled_at, track_opens=count_opens
            )
        except planning.NobodyToSend as error:
            raise CommandError(_("Nobody would receive this issue; nothing was sent.")) from error
        if scheduled_at:
            self.stdout.write(_("Send %(id)s is scheduled for %(at)s.") % {"id": send.pk, "at": scheduled_at})
        else:
            self.stdout.write(
                _("Send %(id)s has started; follow it with: manage.py newsletter_status %(id)s")
                % {"id": send.pk}
            )

    def find_issue(self, value):
        issues = NewsletterIssuePage.objects.all()
        page = (
            issues.filter(pk=value).first()
            if value.isdigit()
            else issues.filter(slug=value, locale=Locale.get_default()).first()
        )
        if page is None:
            raise CommandError(_("No newsletter issue %(issue)s.") % {"issue": value})
        return page

    def find_lists(self, slugs):
        found = {ml.slug: ml for ml in MailingList.objects.originals().filter(slug__in=slugs)}
        missing = sorted(set(slugs) - set(found))
        if missing:
            raise CommandError(_("No mailing list %(slugs)s.") % {"slugs": ", ".join(missing)})
        return list(found.values())

    def parse_time(self, value):
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(
                _("--at: not a date and time: %(value)s (use 2026-12-01T09:00).") % {"value": value}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment <= timezone.now():
            raise CommandError(_("--at: that time has passed."))
        return moment
