"""How fast import_subscribers brings a CSV file into the audience.

    python bench/import_subscribers.py

Imports 10,000 and then 50,000 generated rows into a fresh, migrated database of its own
(PostgreSQL when DATABASE_URL names one, else SQLite in a temporary directory), then
imports the same 50,000 again (every address known), and prints rows per second.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
# Run as a script from anywhere: the project's packages sit one level up.
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# SQLite's test database goes where no test run of this checkout can meet it.
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="bench-import-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from wagtail.models import Locale  # noqa: E402

from newsletter.audience.importing import import_subscribers  # noqa: E402
from newsletter.models import MailingList, Subscriber  # noqa: E402

SIZES = (10_000, 50_000)
LANGUAGES = ("en", "sq", "mk", "sr-latn", "cnr", "de", "ar")


def generated_csv(count, offset=0):
    lines = ["email,name,language,lists"]
    for number in range(offset, offset + count):
        language = LANGUAGES[number % len(LANGUAGES)]
        lists = "regional|calls" if number % 3 else "regional"
        lines.append(f" Person.{number}@Example-{number % 97}.org ,Person {number},{language},{lists}")
    return "\n".join(lines) + "\n"


def timed_import(text, lists):
    started = time.perf_counter()
    report = import_subscribers(io.StringIO(text, newline=""), consent_source="Benchmark", lists=lists)
    elapsed = time.perf_counter() - started
    assert not report.errors, report.errors[:3]
    return report, elapsed


def main():
    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        # Beside, never instead of, the database a test run of this branch may be using.
        connection.settings_dict["TEST"]["NAME"] = f"{original_name}_bench_import"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        english = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        lists = [MailingList.objects.create(name="Regional newsletter", slug="regional", locale=english)]
        MailingList.objects.create(name="Calls for proposals", slug="calls", locale=english)
        print(f"import_subscribers on {connection.vendor}:")
        offset = 0
        for size in SIZES:
            text = generated_csv(size, offset)
            report, elapsed = timed_import(text, lists)
            assert report.added == size
            print(f"  {size:>6,} new rows      {elapsed:6.2f} s  {size / elapsed:>9,.0f} rows/s")
            offset += size
        report, elapsed = timed_import(text, lists)
        assert report.updated == SIZES[-1]
        print(f"  {SIZES[-1]:>6,} known rows    {elapsed:6.2f} s  {SIZES[-1] / elapsed:>9,.0f} rows/s")
        assert Subscriber.objects.count() == sum(SIZES)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
