from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletter.audience.exporting import write_csv
from newsletter.models import Subscriber


class Command(BaseCommand):
    help = "Export subscribers as CSV, in the columns import_subscribers reads."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="The file to write (default: standard output).")
        parser.add_argument(
            "--status", choices=Subscriber.Status.values, help="Only subscribers with this status."
        )
        parser.add_argument("--list", dest="list_slug", metavar="SLUG", help="Only subscribers of this list.")
        parser.add_argument("--language", help="Only subscribers reading this language.")

    def handle(self, *, output, status, list_slug, language, **options):
        subscribers = Subscriber.objects.all()
        if status:
            subscribers = subscribers.filter(status=status)
        if list_slug:
            subscribers = subscribers.filter(lists__slug=list_slug)
        if language:
            subscribers = subscribers.filter(language=language.lower())
        if output is None:
            write_csv(subscribers, self.stdout)
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as file:
                write_csv(subscribers, file)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stderr.write(f"Wrote {subscribers.count()} subscribers to {output}.")
