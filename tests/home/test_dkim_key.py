"""`manage.py dkim_key` makes a key that signs, and production refuses a key it cannot read."""

import io
import re
import stat

import pytest

from django.core import checks
from django.core.management import CommandError, call_command

from home.dkim import DkimKey, check_key, load_private_key
from tests.dns import DnsServer
from tests.home.test_security import PRODUCTION_ENVIRONMENT, manage

MESSAGE = b"From: news@example.org\r\nTo: a@example.net\r\nSubject: Hello\r\n\r\nHello.\r\n"


def make_key(selector, path):
    output = io.StringIO()
    call_command("dkim_key", selector, output=str(path), stdout=output)
    return output.getvalue()


def test_the_printed_record_verifies_what_the_written_key_signs(settings, tmp_path):
    printed = make_key("news202612", tmp_path / "keys" / "news202612.pem")

    path = tmp_path / "keys" / "news202612.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    name, zone_value = re.search(r"(\S+)\.\s+IN\s+TXT\s+(.+)", printed).groups()
    assert name == "news202612._domainkey.example.org"
    record = "".join(re.findall(r'"([^"]*)"', zone_value))
    assert "DKIM_SELECTOR=news202612" in printed
    with DnsServer({(name, "TXT"): [record]}) as server:
        key = DkimKey("news202612", "example.org", load_private_key(str(path)))
        signed = key.sign(MESSAGE) + MESSAGE
        assert server.verify(signed)


def test_an_existing_key_is_never_overwritten(tmp_path):
    path = tmp_path / "news.pem"
    make_key("news", path)
    before = path.read_bytes()

    with pytest.raises(CommandError, match="exists already"):
        make_key("news", path)
    assert path.read_bytes() == before


def test_a_selector_that_is_no_dns_label_is_refused(tmp_path):
    with pytest.raises(CommandError, match="letters, digits and hyphens"):
        make_key("news 2026/1", tmp_path / "news.pem")
    assert not (tmp_path / "news.pem").exists()


def test_production_refuses_a_configured_key_it_cannot_read(tmp_path):
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DKIM_SELECTOR": "news",
        "DKIM_PRIVATE_KEY": str(tmp_path / "gone.pem"),
    }

    result = manage("check", environment=environment)

    assert result.returncode != 0
    assert "DKIM_SELECTOR is set but cannot read the DKIM private key file" in result.stderr


def test_production_starts_with_a_readable_key(tmp_path):
    make_key("news", tmp_path / "news.pem")
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DKIM_SELECTOR": "news",
        "DKIM_PRIVATE_KEY": str(tmp_path / "news.pem"),
    }

    result = manage("check", environment=environment)

    assert result.returncode == 0, result.stderr


def test_the_system_check_reports_a_key_it_cannot_read_in_development_too(settings, tmp_path):
    settings.DKIM_SELECTOR = "news"
    settings.DKIM_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n"

    assert check_key in checks.registry.registry.get_checks()
    errors = check_key(None)

    assert [error.id for error in errors] == ["home.E001"]
    assert "the DKIM private key is not an unencrypted PEM private key" in errors[0].msg
