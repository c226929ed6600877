"""The audience as CSV, in the columns import_subscribers reads back."""

import csv

from django.db.models import Prefetch

from newsletter.models import Subscription
from newsletter.spreadsheets import text_cell

COLUMNS = ["email", "name", "language", "lists", "status", "source", "created_at", "confirmed_at"]

# Rows fetched per query (with their lists, in one more): memory stays flat however big the audience.
CHUNK_SIZE = 2000


class _Echo:
    def write(self, value):
        return value


def csv_rows(subscribers):
    """Yield the header and one list of cells per subscriber of the queryset."""
    yield COLUMNS
    subscriptions = Prefetch(
        "subscriptions",
        queryset=Subscription.objects.select_related("mailing_list").order_by("mailing_list__slug"),
    )
    for subscriber in (
        subscribers.prefetch_related(subscriptions).order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    ):
        yield [
            text_cell(subscriber.email),
            text_cell(subscriber.name),
            subscriber.language,
            "|".join(subscription.mailing_list.slug for subscription in subscriber.subscriptions.all()),
            subscriber.status,
            subscriber.source,
            subscriber.created_at.isoformat(),
            subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
        ]


def write_csv(subscribers, file):
    """Write the subscribers of the queryset to an open text file as CSV."""
    csv.writer(file).writerows(csv_rows(subscribers))


def stream_csv(subscribers):
    """Yield the subscribers of the queryset as CSV text, line by line (for a streaming response)."""
    writer = csv.writer(_Echo())
    for row in csv_rows(subscribers):
        yield writer.writerow(row)
