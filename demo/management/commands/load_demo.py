import contextlib
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

from wagtail.models import Locale, Page

from demo.accounts import ADMIN_USERNAME, ensure_admin, password_path
from demo.loading import load_demo
from home.outbox import outbox_directories
from newsletter.models import NewsletterIssuePage
from translators.teams import setup_translators


@contextlib.contextmanager
def quiet(logger_name):
    """Leave the logger's INFO lines (one per page created, edited, published) out of the output."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Build the demo site from the seed texts, unless the site already has a home page, "
        "and print how to sign in to the admin. Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        user, password = ensure_admin()
        with quiet("wagtail") if verbosity < 2 else contextlib.nullcontext():
            demo = load_demo(user)
        if demo is None:
            self.stdout.write("Demo content: the site already has content; nothing changed.")
        else:
            # Searchable the moment the site is served: the worker would index every page from
            # the tasks the demo queued, but only after it has worked through them all.
            call_command("update_index", stdout=io.StringIO())
            pages = Page.objects.live().filter(depth__gt=1)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content: {pages.count()} pages published in "
                    f"{pages.values('locale').distinct().count()} languages."
                )
            )
        # After the pages: each language's groups and workflow hang on its home page.
        teams = setup_translators()
        self.stdout.write(f"Translators' and reviewers' groups: {len(teams)} languages.")
        self.stdout.write(f"Subscribe: {settings.BASE_URL}/en/newsletter/subscribe/")
        if outbox_directories():
            outbox = settings.BASE_URL + reverse("outbox:index")
            self.stdout.write(
                f"  without EMAIL_URL, confirmation emails land in the admin's outbox: {outbox}"
            )
        self.stdout.write(f"Admin: {settings.BASE_URL}/admin/")
        self.stdout.write(f"  username: {ADMIN_USERNAME}")
        if password:
            self.stdout.write(f"  password: {password}")
        else:
            self.stdout.write(
                f"  password: not known ({password_path()} is missing or was changed since); "
                f"set one with `python manage.py changepassword {ADMIN_USERNAME}`"
            )
        if issue := NewsletterIssuePage.objects.live().filter(locale=Locale.get_default()).first():
            edit = reverse("wagtailadmin_pages:edit", args=[issue.pk])
            self.stdout.write(f"Newsletter issue to preview and send: {settings.BASE_URL}{edit}")
