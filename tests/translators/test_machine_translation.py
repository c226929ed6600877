"""Machine translation through the configured service; LibreTranslate runs as a local server here."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.urls import reverse

from wagtail_localize.models import StringTranslation

from config.machine_translation import parse_machine_translator


class LibreTranslateServer:
    """A LibreTranslate stand-in on 127.0.0.1: /translate answers "[target] text" for each text."""

    def __init__(self, status=200):
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((self.path, body))
                if status != 200:
                    self.send_response(status)
                    self.end_headers()
                    return
                answer = json.dumps({"translatedText": [f"[{body['target']}] {text}" for text in body["q"]]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def libretranslate(settings):
    with LibreTranslateServer() as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = parse_machine_translator(
            {"LIBRETRANSLATE_URL": server.url + "/", "LIBRETRANSLATE_API_KEY": "local-key"}
        )
        yield server


def translations(translation):
    return dict(
        StringTranslation.objects.filter(locale=translation.target_locale).values_list(
            "translation_of__data", "data"
        )
    )


def machine_translate(translator_client, translation):
    response = translator_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), follow=True
    )
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_libretranslate_fills_the_untranslated_strings_and_keeps_the_translators_own(
    translator_client, albanian, libretranslate
):
    editor = translator_client.get(
        reverse("wagtailadmin_pages:edit", args=[albanian.get_target_instance().pk])
    )
    assert (
        "&quot;machineTranslator&quot;: {&quot;name&quot;: &quot;LibreTranslate&quot;"
        in editor.content.decode()
    )

    messages = machine_translate(translator_client, albanian)

    assert messages == ["The untranslated strings were translated by machine: check them."]
    result = translations(albanian)
    assert result["Civic space in the region"] == "Hapësira qytetare në rajon"
    assert result["Why civic space matters"] == "[sq] Why civic space matters"
    assert result['Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.'] == (
        '[sq] Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.'
    )
    ((path, request),) = libretranslate.requests
    assert path == "/translate"
    assert (request["source"], request["target"], request["format"], request["api_key"]) == (
        "en",
        "sq",
        "html",
        "local-key",
    )
    assert "Civic space in the region" not in request["q"]


@pytest.mark.django_db
def test_without_a_service_the_editor_says_so_and_asking_for_one_changes_nothing(
    translator_client, albanian, settings
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    before = translations(albanian)

    editor = translator_client.get(
        reverse("wagtailadmin_pages:edit", args=[albanian.get_target_instance().pk])
    )
    messages = machine_translate(translator_client, albanian)

    assert "Machine translation is not set up on this site" in editor.content.decode()
    assert messages == [
        "No machine translation service is set up on this site. Ask an administrator to set one up."
    ]
    assert translations(albanian) == before


@pytest.mark.django_db
def test_a_failing_service_is_reported_and_changes_nothing(translator_client, albanian, settings):
    before = translations(albanian)
    with LibreTranslateServer(status=500) as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = parse_machine_translator(
            {"LIBRETRANSLATE_URL": server.url}
        )

        messages = machine_translate(translator_client, albanian)

    assert messages == [
        "LibreTranslate could not translate this (the service answered 500). "
        "Nothing was changed; try again later."
    ]
    assert translations(albanian) == before


def test_the_service_is_chosen_from_the_environment():
    assert parse_machine_translator({}) is None
    assert parse_machine_translator({"DEEPL_AUTH_KEY": "abc:fx"}) == {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "abc:fx"},
    }
    assert parse_machine_translator({"GOOGLE_TRANSLATE_PROJECT_ID": "network-1"}) == {
        "CLASS": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
        "OPTIONS": {"PROJECT_ID": "network-1", "LOCATION": "global"},
    }
    assert parse_machine_translator({"LIBRETRANSLATE_URL": "https://lt.example.org/"}) == {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "https://lt.example.org", "API_KEY": ""},
    }


def test_an_ambiguous_or_malformed_service_setting_stops_the_site_starting():
    with pytest.raises(ValueError, match="set only one of DEEPL_AUTH_KEY, LIBRETRANSLATE_URL"):
        parse_machine_translator({"DEEPL_AUTH_KEY": "abc", "LIBRETRANSLATE_URL": "https://lt.example.org"})
    with pytest.raises(ValueError, match="LIBRETRANSLATE_URL: give the server's address"):
        parse_machine_translator({"LIBRETRANSLATE_URL": "lt.example.org"})
