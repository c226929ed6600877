"""How much of the admin a translator and a reviewer meet is in their own language.

    python scripts/embedded_redis.py -- .venv/bin/python scripts/admin_translation_coverage.py [--missing]

Builds a site with a news item in a fresh, migrated database of its own (PostgreSQL when
DATABASE_URL names one, else SQLite in a temporary directory), then, for each admin language,
walks the screens of tests/translators/admin_screens.py as that language's translator and
reviewer, and prints the share of the interface strings met on each screen that the language's
catalogues translate. With --missing, lists the strings still in English.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
# Run as a script from anywhere: the project's packages sit one level up.
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# SQLite's test database goes where no test run of this checkout can meet it.
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="admin-coverage-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.content import build_content  # noqa: E402
from tests.factories import build_site  # noqa: E402
from tests.translators.admin_screens import SCREENS, walk  # noqa: E402
from translators.teams import setup_translators  # noqa: E402

LANGUAGES = ("sq", "mk", "sr-latn", "cnr", "sr")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list the strings still in English")
    arguments = parser.parse_args()

    call_command("compilemessages", verbosity=0)
    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        # Beside, never instead of, the database a test run of this branch may be using.
        connection.settings_dict["TEST"]["NAME"] = f"{original_name}_admin_coverage"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        content = build_content(build_site())
        setup_translators()
        coverages = {}
        for language in LANGUAGES:
            # Each language starts from the same site: what one walk did is undone.
            with transaction.atomic():
                coverages[language] = walk(language, content.news)
                transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    report(coverages, missing=arguments.missing)


def report(coverages, *, missing):
    width = max(map(len, SCREENS.values()))
    print(f"{'':{width}}  " + "  ".join(f"{language:>14}" for language in coverages))
    for screen, title in [(None, "All screens"), *SCREENS.items()]:
        cells = []
        for coverage in coverages.values():
            translated, met = coverage.counts(screen)
            cells.append(f"{coverage.share(screen):6.1%} {translated:>3}/{met:<3}" if met else f"{'-':>14}")
        print(f"{title:{width}}  " + "  ".join(cells))
    if missing:
        for language, coverage in coverages.items():
            for screen, title in SCREENS.items():
                for msgid in coverage.missing(screen):
                    print(f"{language}\t{title}\t{msgid!r}")


if __name__ == "__main__":
    main()
