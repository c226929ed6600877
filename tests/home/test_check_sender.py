"""`manage.py check_sender` and the admin's "Sending health" page, against a DNS server the test starts."""

import io

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from home.dkim import public_key_record, write_private_key
from tests.dns import DnsServer
from tests.html import parse


@pytest.fixture(scope="module")
def keys():
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]


def zone(domain, key, *, complete):
    """A domain's records: all that receivers want (`complete`), or those of a misconfigured domain."""
    if complete:
        return {
            (domain, "TXT"): ["v=spf1 ip4:192.0.2.25 ~all", "google-site-verification=abc"],
            (f"news._domainkey.{domain}", "TXT"): [public_key_record(key)],
            (f"_dmarc.{domain}", "TXT"): [f"v=DMARC1; p=quarantine; rua=mailto:dmarc@{domain}"],
            (domain, "MX"): [f"10 mail.{domain}."],
            (f"mail.{domain}", "A"): ["192.0.2.25"],
            ("25.2.0.192.in-addr.arpa", "PTR"): [f"mail.{domain}."],
        }
    return {
        (domain, "TXT"): ["v=spf1 a ~all", "v=spf1 mx -all"],
        (f"news._domainkey.{domain}", "TXT"): [public_key_record(key)],
        (f"mail.{domain}", "A"): ["198.51.100.7"],
    }


@pytest.fixture
def sender(settings, tmp_path, keys):
    """The site sends as news@<domain> through mail.<domain>, signing with the first key."""

    def configure(domain, records):
        settings.DEFAULT_FROM_EMAIL = f"Network <news@{domain}>"
        settings.NEWSLETTER_FROM_EMAIL = ""
        settings.DKIM_SELECTOR = "news"
        settings.DKIM_DOMAIN = ""
        path = tmp_path / f"{domain}.pem"
        write_private_key(keys[0], path)
        settings.DKIM_PRIVATE_KEY = str(path)
        settings.MAILERS = {
            **settings.MAILERS,
            "newsletter": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": f"mail.{domain}", "port": 25},
            },
        }
        server = DnsServer(records).__enter__()
        settings.SENDER_CHECK_NAMESERVERS = [server.nameserver]
        servers.append(server)
        return server

    servers = []
    yield configure
    for server in servers:
        server.__exit__(None, None, None)


def check():
    output = io.StringIO()
    try:
        call_command("check_sender", stdout=output, no_color=True)
    except CommandError as error:
        return output.getvalue(), str(error)
    return output.getvalue(), None


def test_a_domain_with_every_record_passes(sender, keys):
    sender("good.test", zone("good.test", keys[0], complete=True))

    output, failure = check()

    assert failure is None, output
    assert "[ok] SPF (good.test): SPF record found: v=spf1 ip4:192.0.2.25 ~all" in output
    assert "[ok] DKIM (good.test)" in output
    assert "[ok] DMARC (good.test)" in output
    assert "[ok] MX (good.test): Mail for good.test goes to mail.good.test." in output
    assert "[ok] PTR (mail.good.test)" in output


def test_a_misconfigured_domain_is_told_what_to_publish(sender, keys):
    sender("bad.test", zone("bad.test", keys[1], complete=False))

    output, failure = check()

    assert failure == "4 things to fix before mailbox providers trust this mail."
    assert "[!!] SPF (bad.test): bad.test publishes 2 SPF records; receivers ignore them all." in output
    # The published key is another one: the configured key's record is what to publish.
    assert "holds another key than the one configured" in output
    assert f'news._domainkey.bad.test.  IN  TXT  "{public_key_record(keys[0])[:250]}' in output
    assert "bad.test publishes no DMARC policy" in output
    assert '_dmarc.bad.test.  IN  TXT  "v=DMARC1; p=none; rua=mailto:dmarc-reports@bad.test"' in output
    assert "[??] MX (bad.test): bad.test has no MX record" in output
    assert "198.51.100.7 has no reverse name (PTR)" in output
    assert "7.100.51.198.in-addr.arpa.  IN  PTR  mail.bad.test." in output


def test_without_a_key_it_says_how_to_make_one(sender, keys, settings):
    sender("good.test", zone("good.test", keys[0], complete=True))
    settings.DKIM_SELECTOR = ""

    output, failure = check()

    assert failure == "1 thing to fix before mailbox providers trust this mail."
    assert "No DKIM key is configured" in output
    assert "manage.py dkim_key" in output


def test_the_admin_shows_the_same_to_superusers_only(
    sender, keys, admin_client, client, django_user_model, site
):
    sender("bad.test", zone("bad.test", keys[1], complete=False))

    page = parse(admin_client.get(reverse("sending_health:index")))

    rows = {
        row.select_one("th").get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in page.select("tbody tr")
    }
    assert "bad.test publishes no DMARC policy" in rows["DMARC bad.test"]
    assert "v=DMARC1; p=none" in rows["DMARC bad.test"]
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("sending_health:index")).status_code in {302, 403}
