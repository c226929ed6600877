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
    "DEFAULT_FROM_EMAIL": "Balkan Civic Network <news@balkancivic.net>",
}


def inherited_environment():
    """What a shell passes to any program: the path and home, none of the project's settings."""
    return {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}


def run_python(*arguments, environment):
    """Run Python in a fresh interpreter with only the given settings in its environment."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env={**inherited_environment(), "VAR_DIR": str(settings.VAR_DIR), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*arguments, environment):
    return run_python("manage.py", *arguments, environment=environment)


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi", "config.celery_app"])
def test_a_server_or_worker_started_with_a_bare_environment_refuses_instead_of_running_debug(entry_point):
    # gunicorn, uvicorn and `celery --app config` import these modules with whatever they were given.
    result = run_python(
        "-c", f"import {entry_point}; from django.conf import settings; print(settings.DEBUG)", environment={}
    )

    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "Set the SECRET_KEY environment variable." in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_settings_refuse_to_start_without_their_secrets(missing):
    environment = {name: value for name, value in PRODUCTION_ENVIRONMENT.items() if name != missing}

    result = manage("check", environment=environment)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable." in result.stderr


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 random characters."),
        ({"BASE_URL": "http://network.example.org"}, "BASE_URL must be the site's public https:// address"),
        ({"DEFAULT_FROM_EMAIL": "news@example.org"}, "DEFAULT_FROM_EMAIL must be a real address"),
        (
            {"NEWSLETTER_FROM_EMAIL": "Network <news@localhost>"},
            "NEWSLETTER_FROM_EMAIL must be a real address",
        ),
        (
            {"EMAIL_URL": "anymail://postmark", "ANYMAIL_POSTMARK_SERVER_TOKEN": "token"},
            "set ANYMAIL_WEBHOOK_SECRET for postmark's webhooks",
        ),
        (
            {"EMAIL_URL": "anymail://mandrill", "ANYMAIL_MANDRILL_API_KEY": "key"},
            "set ANYMAIL_MANDRILL_WEBHOOK_KEY for mandrill's webhooks",
        ),
    ],
    ids=[
        "short-key",
        "plain-http",
        "example-sender",
        "local-newsletter-sender",
        "postmark-open",
        "mandrill-unsigned",
    ],
)
def test_production_settings_refuse_what_would_mislead_readers_or_let_strangers_in(overrides, complaint):
    result = manage("check", environment={**PRODUCTION_ENVIRONMENT, **overrides})

    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_starts_with_an_esp_whose_webhooks_are_authenticated():
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "EMAIL_URL": "anymail://postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "token",
        "ANYMAIL_WEBHOOK_SECRET": "anymail:" + secrets.token_urlsafe(24),
    }

    result = manage("check", environment=environment)

    assert result.returncode == 0, result.stderr


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


@pytest.mark.django_db
def test_unsubscribe_links_sent_before_a_secret_key_rotation_keep_working(settings, client, site):
    from newsletter import tokens
    from tests.newsletter.factories import SubscriberFactory

    subscriber = SubscriberFactory()
    settings.SECRET_KEY = "the-old-key-" + "o" * 50
    link = tokens.unsubscribe_url(subscriber.pk)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-new-key-" + "n" * 50, [settings.SECRET_KEY]

    assert client.get(link.removeprefix(settings.BASE_URL)).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(link.removeprefix(settings.BASE_URL)).status_code == 400
