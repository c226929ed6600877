"""A translators' digest is DKIM-signed like every message the site assembles (home/dkim.py)."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from wagtail.models import Locale

from tests.dns import signing_with_a_served_key
from translators.digest import send_digest


@pytest.mark.django_db
def test_digests_verify_in_the_language_of_each_team(teams, make_user, news, smtp_sink, settings, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    codes = ["sq", "mk", "ar"]
    with signing_with_a_served_key(settings, tmp_path / "dkim.pem", key, "digest") as dns:
        for code in codes:
            send_digest(
                make_user(f"translator-{code}", teams[code].translators),
                Locale.objects.get(language_code=code),
            )

        received = smtp_sink.wait_for(len(codes))
        assert sorted(message.message["Content-Language"] for message in received) == sorted(codes)
        for message in received:
            assert dns.verify(message.raw), message.message["Subject"]
