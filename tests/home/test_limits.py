import os
import subprocess
import sys

import pytest

from django.test import RequestFactory

from newsletter.throttling import client_ip
from newsletter.views import ATTEMPTS_PER_IP
from tests.newsletter.helpers import form_data

CLIENT = "203.0.113.9"

# Another web process: same settings, same Redis, its own memory.
HITS = """
import django
django.setup()
from newsletter.views import ATTEMPTS_PER_IP
print(sum(ATTEMPTS_PER_IP.hit({client!r}) for _ in range({count})))
"""


@pytest.mark.django_db
def test_the_limit_is_shared_by_every_process(site, lists, client):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    code = HITS.format(client=CLIENT, count=ATTEMPTS_PER_IP.limit)
    processes = [
        subprocess.Popen([sys.executable, "-c", code], env=environment, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    allowed = [int(process.communicate(timeout=60)[0]) for process in processes]

    assert all(process.returncode == 0 for process in processes)
    assert sum(allowed) == ATTEMPTS_PER_IP.limit, "two processes together get one limit, not one each"

    blocked = client.post(
        "/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]), REMOTE_ADDR=CLIENT
    )
    elsewhere = client.post("/en/newsletter/subscribe/", form_data("ana@example.org", [lists["regional"]]))

    assert blocked.status_code == 429
    assert "Too many attempts from your network" in blocked.text
    assert elsewhere.status_code == 302


def test_the_client_ip_comes_from_a_trusted_proxy_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    factory = RequestFactory()

    def ip(remote, forwarded=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
        return client_ip(factory.get("/", REMOTE_ADDR=remote, **headers))

    assert ip("198.51.100.7", "203.0.113.9") == "198.51.100.7", (
        "an untrusted peer cannot claim another address"
    )
    assert ip("10.0.0.2", "203.0.113.9") == "203.0.113.9"
    assert ip("10.0.0.2", "192.0.2.1, 203.0.113.9, 10.0.0.3") == "203.0.113.9", (
        "what the client wrote is ignored"
    )
    assert ip("10.0.0.2", "not-an-ip") == "10.0.0.2"
    assert ip("10.0.0.2") == "10.0.0.2"
