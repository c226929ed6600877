import os
import secrets
import subprocess
import sys

import pytest

from django.conf import settings

from tests.html import parse

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "network.example.org",
    "BASE_URL": "https://network.example.org",
    "DATABASE_URL": "postgres://network@db.example.org:5432/network",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def manage(*arguments, environment):
    """Run manage.py in a fresh interpreter with only the given settings in its environment."""
    inherited = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**inherited, "VAR_DIR": str(settings.VAR_DIR), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_settings_refuse_to_start_without_their_secrets(missing):
    environment = {name: value for name, value in PRODUCTION_ENVIRONMENT.items() if name != missing}

    result = manage("check", environment=environment)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable for production." in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = manage("check", environment={**PRODUCTION_ENVIRONMENT, "SECRET_KEY": "too-short"})

    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters." in result.stderr


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, content):
    response = client.get(content.news.url)

    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_public_pages_need_no_inline_script_or_style(client, content):
    for page in [*content.pages, *content.homes.values()]:
        html = parse(client.get(page.url))

        assert [script for script in html.find_all("script") if not script.get("src")] == [], page.url
        assert html.find("style") is None, page.url
        assert html.find(style=True) is None, page.url
        assert html.find(lambda tag: any(attribute.startswith("on") for attribute in tag.attrs)) is None


@pytest.mark.django_db
def test_the_admin_is_left_without_the_public_policy(client, site):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
