"""Who the client is, for the limits on forms: the peer, or what a trusted proxy says."""

from django.test import RequestFactory

from home.limits import client_ip


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
