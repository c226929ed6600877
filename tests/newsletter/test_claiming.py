"""Concurrent workers claim disjoint batches of a send."""

import threading
import uuid

import pytest

from django.db import connection, transaction
from django.utils import timezone

from newsletter.models import Delivery, Send
from newsletter.sending import delivery
from tests.newsletter.sending_factories import build_issue, bulk_subscribers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_the_rows_another_worker_is_claiming_instead_of_waiting(site, mailing_list):
    issue = build_issue(site, ["en"])
    subscribers = bulk_subscribers(mailing_list, 10, ["en"])
    send = Send.objects.create(issue=issue["en"], status=Send.Status.SENDING)
    Delivery.objects.bulk_create(Delivery(send=send, subscriber=s, language="en") for s in subscribers)
    holding, release, held = threading.Event(), threading.Event(), []

    def other_worker():
        with transaction.atomic():
            held.extend(delivery.claimable(send, timezone.now())[:5])
            holding.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(10)
        rows = delivery.claim_batch(send, uuid.uuid4(), 5)
    finally:
        release.set()
        thread.join()

    claimed = {row[0] for row in rows}
    assert len(claimed) == 5
    assert claimed.isdisjoint(held)
