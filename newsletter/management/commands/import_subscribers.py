import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.audience.importing import ImportFailed, import_subscribers
from newsletter.models import MailingList


class Command(BaseCommand):
    help = (
        "Import subscribers from a CSV file with an `email` column (and optionally name, language, "
        "lists, status). Suppressed addresses are skipped; bad rows are reported by line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument(
            "--consent",
            required=True,
            help="How these people agreed to receive the newsletter (kept as their proof of consent).",
        )
        parser.add_argument(
            "--list",
            action="append",
            default=[],
            dest="lists",
            metavar="SLUG",
            help="A list every row joins.",
        )
        parser.add_argument("--language", help="The language of rows that name none (default: the site's).")
        parser.add_argument("--validate-only", action="store_true", help="Check the file; import nothing.")

    def handle(self, *, file, consent, lists, language, validate_only, **options):
        mailing_lists = list(MailingList.objects.originals().filter(slug__in=lists))
        if unknown := set(lists) - {row.slug for row in mailing_lists}:
            raise CommandError(f"Unknown list(s): {', '.join(sorted(unknown))}")
        started = time.perf_counter()
        try:
            with file.open("rb") as lines:
                report = import_subscribers(
                    lines,
                    consent_source=consent,
                    lists=mailing_lists,
                    language=language,
                    validate_only=validate_only,
                    source_detail=f"import_subscribers {file.name}",
                )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stderr.write(f"{file.name}:{error.line}: {error.message}")
        self.stdout.write(
            f"{report.rows} rows in {time.perf_counter() - started:.1f} s: {report.added} new, "
            f"{report.updated} already subscribed (given the lists), {report.suppressions_added} added to "
            f"the suppression list, {report.skipped_suppressed} skipped as suppressed, "
            f"{report.skipped_inactive} skipped as not active, {len(report.errors)} bad rows skipped."
        )
        if validate_only:
            self.stdout.write("Validated only: nothing was imported.")
