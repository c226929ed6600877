"""Machine translation through the configured service; LibreTranslate runs as a local server here."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import requests

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation
from wagtail_localize.strings import StringValue

from config.machine_translation import parse_machine_translator
from home.languages import language_name
from tests.translators.conftest import start_translation
from translators.machine import DeepLTranslator, GoogleCloudTranslator

# What the stand-in server offers, like a LibreTranslate server with Argos models: no Montenegrin.
SERVER_LANGUAGES = ("en", "sq", "mk", "sr", "de", "ar")


class LibreTranslateServer:
    """A LibreTranslate stand-in on 127.0.0.1.

    /languages lists its languages; /translate answers "[target] text" for each text, and, as real
    services answer Serbian, "[sr] превод: text" in Cyrillic for Serbian and Macedonian.
    """

    def __init__(self, status=200, languages=SERVER_LANGUAGES):
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, None))
                self.answer([{"code": code, "name": code, "targets": list(languages)} for code in languages])

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((self.path, body))
                cyrillic = "превод: " if body["target"] in ("sr", "mk") else ""
                self.answer(
                    {"translatedText": [f"[{body['target']}] {cyrillic}{text}" for text in body["q"]]}
                )

            def answer(self, content):
                if status != 200:
                    self.send_response(status)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(content).encode())

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

    def translations(self):
        return [body for path, body in self.requests if path == "/translate"]


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
    (request,) = libretranslate.translations()
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
        "CLASS": "translators.machine.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "abc:fx"},
    }
    assert parse_machine_translator({"GOOGLE_TRANSLATE_PROJECT_ID": "network-1"}) == {
        "CLASS": "translators.machine.GoogleCloudTranslator",
        "OPTIONS": {"PROJECT_ID": "network-1", "LOCATION": "global"},
    }
    assert parse_machine_translator({"LIBRETRANSLATE_URL": "https://lt.example.org/"}) == {
        "CLASS": "translators.machine.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "https://lt.example.org", "API_KEY": ""},
    }


def test_an_ambiguous_or_malformed_service_setting_stops_the_site_starting():
    with pytest.raises(ValueError, match="set only one of DEEPL_AUTH_KEY, LIBRETRANSLATE_URL"):
        parse_machine_translator({"DEEPL_AUTH_KEY": "abc", "LIBRETRANSLATE_URL": "https://lt.example.org"})
    with pytest.raises(ValueError, match="LIBRETRANSLATE_URL: give the server's address"):
        parse_machine_translator({"LIBRETRANSLATE_URL": "lt.example.org"})


def editor(client, translation):
    return client.get(
        reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    ).content.decode()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_serbian_latin_is_asked_as_serbian_and_answered_in_latin_letters(
    news, teams, make_user, libretranslate
):
    translation = start_translation(news, "sr-latn")
    client = logged_in(make_user("jovan", teams["sr-latn"].translators))

    machine_translate(client, translation)

    ((request),) = libretranslate.translations()
    assert request["target"] == "sr"
    result = translations(translation)
    assert result["Why civic space matters"] == "[sr] prevod: Why civic space matters"
    assert result['Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.'] == (
        '[sr] prevod: Civil society keeps <b>power</b> in check. Read <a id="a1">the report</a>.'
    )


@pytest.mark.django_db
def test_montenegrin_is_translated_through_serbian_latin_with_a_warning(
    news, teams, make_user, libretranslate
):
    translation = start_translation(news, "cnr")
    client = logged_in(make_user("milena", teams["cnr"].translators))

    html = editor(client, translation)
    messages = machine_translate(client, translation)

    assert (
        f"LibreTranslate has no {translation.target_locale.get_display_name()}: its machine translation is "
        f"into {language_name('sr-latn')}." in html
    )
    assert messages == ["The untranslated strings were translated by machine: check them."]
    ((request),) = libretranslate.translations()
    assert request["target"] == "sr"
    assert translations(translation)["Why civic space matters"] == "[sr] prevod: Why civic space matters"


@pytest.mark.django_db
def test_a_language_the_service_lacks_is_not_offered_and_asking_changes_nothing(
    news, teams, make_user, settings
):
    translation = start_translation(news, "mk")
    client = logged_in(make_user("marija", teams["mk"].translators))
    with LibreTranslateServer(languages=("en", "de")) as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = parse_machine_translator(
            {"LIBRETRANSLATE_URL": server.url}
        )

        html = editor(client, translation)
        messages = machine_translate(client, translation)

    assert "&quot;machineTranslator&quot;: null" in html
    assert "LibreTranslate cannot translate from English into" in html
    assert messages == [
        f"LibreTranslate cannot translate from English into {translation.target_locale.get_display_name()}."
    ]
    assert server.translations() == []
    assert translations(translation) == {}


@pytest.mark.django_db
def test_machine_output_stays_marked_until_a_person_saves_it(translator_client, albanian, libretranslate):
    machine_translate(translator_client, albanian)
    machine = StringTranslation.objects.filter(locale=albanian.target_locale, translation_type="machine")
    count = machine.count()
    dashboard = translator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert count > 1
    assert f"{count} strings are machine translations nobody has checked yet" in editor(
        translator_client, albanian
    )
    assert f"({count} of them by machine, not checked yet)" in dashboard

    checked = machine.select_related("translation_of").get(translation_of__data="Why civic space matters")
    segment = albanian.source.stringsegment_set.get(string=checked.translation_of, context=checked.context)
    response = translator_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[albanian.pk, segment.pk]),
        "value=Pse ka rëndësi hapësira qytetare",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert f"{count - 1} strings are machine translations nobody has checked yet" in editor(
        translator_client, albanian
    )
    assert (
        f"({count - 1} of them by machine, not checked yet)"
        in translator_client.get(reverse("wagtailadmin_home")).content.decode()
    )


def locale(code):
    return Locale.objects.get(language_code=code)


@pytest.mark.django_db
def test_deepl_is_asked_only_for_the_languages_it_has(site, monkeypatch):
    sent = []

    def post(url, data, **kwargs):  # DeepL's HTTP API, the boundary of our reach
        sent.append(data)
        return SimpleNamespace(json=lambda: {"translations": [{"text": "Warum der Raum zählt"}]})

    monkeypatch.setattr(requests, "post", post)
    deepl = DeepLTranslator({"AUTH_KEY": "key:fx"})

    offered = {
        code: deepl.can_translate(locale("en"), locale(code))
        for code in ("de", "ar", "sq", "mk", "sr-latn", "cnr")
    }
    result = deepl.translate(
        locale("en"), locale("de"), [StringValue.from_plaintext("Why the space matters")]
    )

    assert offered == {"de": True, "ar": True, "sq": False, "mk": False, "sr-latn": False, "cnr": False}
    assert [value.data for value in result.values()] == ["Warum der Raum zählt"]
    assert (sent[0]["source_lang"], sent[0]["target_lang"]) == ("EN", "DE")


@pytest.mark.django_db
def test_google_answers_serbian_in_cyrillic_and_serbian_latin_and_montenegrin_get_latin_letters(site):
    asked = []

    class GoogleClient:  # Google's client library, the boundary of our reach
        def translate_text(self, request):
            asked.append(request["target_language_code"])
            text = {"sr": "Зашто је грађански простор важан", "mk": "Зошто е важен граѓанскиот простор"}
            return SimpleNamespace(translations=[SimpleNamespace(translated_text=text[asked[-1]])])

    google = GoogleCloudTranslator({"PROJECT_ID": "network"})
    google.__dict__["client"] = GoogleClient()
    strings = [StringValue.from_plaintext("Why civic space matters")]

    results = {
        code: google.translate(locale("en"), locale(code), strings) for code in ("sr-latn", "cnr", "mk")
    }

    assert asked == ["sr", "sr", "mk"]
    assert {code: next(iter(result.values())).data for code, result in results.items()} == {
        "sr-latn": "Zašto je građanski prostor važan",
        "cnr": "Zašto je građanski prostor važan",
        "mk": "Зошто е важен граѓанскиот простор",
    }
    assert google.route(locale("en"), locale("cnr")).language == "sr-latn"
