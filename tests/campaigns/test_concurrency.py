"""Many people signing at once, against PostgreSQL: every confirmation counts, and counts once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from django.db import connections
from django.test import Client

from campaigns.models import Signature
from campaigns.signing import EMAILS_PER_ADDRESS
from campaigns.tokens import confirmation_token
from tests.campaigns.helpers import sign_url, signature_data, signed

SIGNERS = 16


def all_at_once(requests):
    """Send each request (a function of a fresh test Client) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        client = Client()
        barrier.wait()
        try:
            return request(client)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_confirmations_arriving_together_are_each_counted_once(campaign, countries):
    signatures = [
        signed(campaign, f"person{number}@example.org", countries["AL"], confirmed=False)
        for number in range(SIGNERS)
    ]
    links = [f"{campaign.url}confirm/?{urlencode({'token': confirmation_token(row)})}" for row in signatures]

    # Every link followed twice, by two requests racing each other and all the others.
    responses = all_at_once([lambda client, link=link: client.post(link) for link in links * 2])

    assert [response.status_code for response in responses] == [200] * (2 * SIGNERS)
    campaign.campaign.refresh_from_db()
    assert campaign.campaign.signature_count == SIGNERS
    assert Signature.objects.confirmed().count() == SIGNERS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_address_signing_many_times_at_once_leaves_one_signature(campaign, countries):
    responses = all_at_once(
        [
            lambda client, number=number: client.post(
                sign_url(campaign),
                signature_data("ana@example.org", countries["AL"], name=f"Ana {number}"),
                REMOTE_ADDR=f"203.0.113.{number}",
            )
            for number in range(8)
        ]
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] * EMAILS_PER_ADDRESS.limit + [429] * (8 - EMAILS_PER_ADDRESS.limit), (
        "no request fails; the address gets its few emails and no more"
    )
    assert Signature.objects.filter(email="ana@example.org").count() == 1
