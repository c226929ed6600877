from django.core.management.base import BaseCommand

from demo.catalogues import update_catalogues


class Command(BaseCommand):
    help = (
        "Update demo/translations/<language>.po with the demo's current source strings, keeping "
        "the translations already made. Builds the source site in a transaction it rolls back."
    )

    def add_arguments(self, parser):
        parser.add_argument("languages", nargs="*", help="Language codes (default: every content language).")

    def handle(self, *args, languages, **options):
        for code, count in update_catalogues(languages or None).items():
            self.stdout.write(f"{code}: {count} string(s) to translate")
