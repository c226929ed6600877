"""Machine translation in the translation editor, through the service the settings configure.

wagtail-localize ships the DeepL, Google and LibreTranslate backends; they send a language's code
as the site names it and offer every pair. The backends here ask each service only for what it
supports: Serbian Latin as Serbian, with the answer in Latin letters whatever script the service
answers in; Montenegrin, which no service knows, as Serbian Latin (or Croatian, or Bosnian) with a
warning; and nothing for a language the service lacks. Failures (no service set up, a language it
lacks, a service that is down or refuses the request) become messages for the translator instead
of server errors. Machine output stays marked as such (wagtail-localize's translation_type) until
a person saves the string in the editor.
"""

from dataclasses import dataclass

import requests

from django.core.cache import cache
from django.utils.translation import gettext as _

from wagtail_localize.machine_translators import deepl, get_machine_translator, google, libretranslate
from wagtail_localize.models import StringTranslation
from wagtail_localize.strings import StringValue
from wagtail_localize.views.edit_translation import apply_machine_translation

from home.transliteration import cyrillic_to_latin
from translators.editions import TOOL_NAME as TRANSLITERATION_TOOL

try:
    from google.api_core.exceptions import GoogleAPIError
except ImportError:  # Google's client is only needed when Google is the service.
    GoogleAPIError = requests.RequestException

# What a backend raises when its service is unreachable or answers with something unexpected.
SERVICE_ERRORS = (requests.RequestException, GoogleAPIError, KeyError, TypeError, ValueError)

# A language no service knows, and the languages whose translation its readers use instead.
STAND_INS = {"cnr": ("sr-latn", "hr", "bs"), "bs": ("hr", "sr-latn"), "hr": ("bs", "sr-latn")}
# How services name a language: they know Serbian, in whichever script they answer.
SERVICE_CODES = {"sr-latn": "sr"}
# Languages written in Latin letters whose services may answer in Cyrillic.
LATIN_SCRIPT = frozenset({"sr-latn", "cnr", "hr", "bs"})
# How long the languages a LibreTranslate server offers are remembered.
LANGUAGES_CACHE_SECONDS = 3600


class MachineTranslationError(Exception):
    """Machine translation could not run; the message says why, in the user's language."""


@dataclass(frozen=True)
class Route:
    """What a service is asked for a pair of content languages."""

    source: str  # the service's code for the source language
    target: str  # the service's code for the language asked for
    language: str  # the content language that code stands for (a stand-in's, for Montenegrin)
    latin: bool  # the answer is to be in Latin letters


@dataclass(frozen=True)
class _ServiceLocale:
    """What wagtail-localize's backends read of a Locale: its code, here the service's."""

    language_code: str


class RoutedTranslator:
    """A wagtail-localize backend asked only for the languages its service supports."""

    def supported_languages(self):
        """Return the service's language codes, lower-case; raise SERVICE_ERRORS if it cannot say."""
        raise NotImplementedError

    def route(self, source_locale, target_locale):
        """Return how to ask the service for target_locale, or None if it cannot translate into it."""
        supported = self.supported_languages()
        source = _service_code(source_locale.language_code)
        if source not in supported or source_locale.language_code == target_locale.language_code:
            return None
        target_code = target_locale.language_code
        for language in (target_code, *STAND_INS.get(target_code, ())):
            code = _service_code(language)
            if code in supported and code != source:
                return Route(source, code, language, latin=target_code in LATIN_SCRIPT)
        return None

    def can_translate(self, source_locale, target_locale):
        try:
            return self.route(source_locale, target_locale) is not None
        except SERVICE_ERRORS:
            return False

    def translate(self, source_locale, target_locale, strings):
        route = self.route(source_locale, target_locale)
        if route is None:
            raise ValueError(f"{self.display_name} cannot translate into {target_locale.language_code}.")
        translations = super().translate(_ServiceLocale(route.source), _ServiceLocale(route.target), strings)
        if not route.latin:
            return translations
        return {string: StringValue(cyrillic_to_latin(value.data)) for string, value in translations.items()}


def _service_code(language_code):
    return SERVICE_CODES.get(language_code, language_code).lower()


class DeepLTranslator(RoutedTranslator, deepl.DeepLTranslator):
    # DeepL's languages (developers.deepl.com, "Languages supported"): no language of the
    # former Yugoslavia, Albanian or Macedonian.
    LANGUAGES = frozenset(
        [
            "ar",
            "bg",
            "cs",
            "da",
            "de",
            "el",
            "en",
            "es",
            "et",
            "fi",
            "fr",
            "he",
            "hu",
            "id",
            "it",
            "ja",
            "ko",
            "lt",
            "lv",
            "nb",
            "nl",
            "pl",
            "pt",
            "ro",
            "ru",
            "sk",
            "sl",
            "sv",
            "th",
            "tr",
            "uk",
            "vi",
            "zh",
        ]
    )

    def supported_languages(self):
        return self.LANGUAGES


class GoogleCloudTranslator(RoutedTranslator, google.GoogleCloudTranslator):
    # The languages of this region and of the site's other content that Cloud Translation supports.
    LANGUAGES = frozenset(
        [
            "ar",
            "bg",
            "bs",
            "cs",
            "da",
            "de",
            "el",
            "en",
            "es",
            "et",
            "fi",
            "fr",
            "he",
            "hr",
            "hu",
            "it",
            "lt",
            "lv",
            "mk",
            "nl",
            "no",
            "pl",
            "pt",
            "ro",
            "ru",
            "sk",
            "sl",
            "sq",
            "sr",
            "sv",
            "tr",
            "uk",
        ]
    )

    def supported_languages(self):
        return self.LANGUAGES


class LibreTranslator(RoutedTranslator, libretranslate.LibreTranslator):
    def language_code(self, code):
        # The route has chosen the server's own code already (wagtail-localize would cut "sr-latn" to "sr").
        return code

    def supported_languages(self):
        """Return the languages the server offers (its /languages), remembered for an hour."""
        key = f"translators:libretranslate-languages:{self.get_api_endpoint()}"
        languages = cache.get(key)
        if languages is None:
            response = requests.get(self.get_api_endpoint() + "/languages", timeout=self.get_timeout())
            response.raise_for_status()
            languages = sorted({language["code"].lower() for language in response.json()})
            cache.set(key, languages, LANGUAGES_CACHE_SECONDS)
        return frozenset(languages)


def machine_translator():
    """Return the configured machine translator, or None when none is set up."""
    return get_machine_translator()


def machine_translation_offer(translation):
    """Return what the editor says of machine translation into translation's language.

    A dict: service (the translator, or None), available, unreachable, and stand_in (the
    language the service translates into instead, or None).
    """
    translator = machine_translator()
    offer = {"service": translator, "available": False, "unreachable": False, "stand_in": None}
    if translator is None:
        return offer
    if not isinstance(translator, RoutedTranslator):
        offer["available"] = translator.can_translate(translation.source.locale, translation.target_locale)
        return offer
    try:
        route = translator.route(translation.source.locale, translation.target_locale)
    except SERVICE_ERRORS:
        offer["unreachable"] = True
        return offer
    offer["available"] = route is not None
    if route is not None and route.language != translation.target_locale.language_code:
        offer["stand_in"] = route.language
    return offer


def machine_translate(translation, user):
    """Fill the translation's untranslated strings by machine; return whether any were filled.

    Raises MachineTranslationError, having written nothing, if the service cannot do it.
    """
    translator = machine_translator()
    if translator is None:
        raise MachineTranslationError(
            _("No machine translation service is set up on this site. Ask an administrator to set one up.")
        )
    source, target = translation.source.locale, translation.target_locale
    try:
        # can_translate keeps a failing service quiet for the editor; here the failure is the answer.
        if isinstance(translator, RoutedTranslator):
            able = translator.route(source, target) is not None
        else:
            able = translator.can_translate(source, target)
        if not able:
            raise MachineTranslationError(
                _("%(service)s cannot translate from %(source)s into %(target)s.")
                % {
                    "service": translator.display_name,
                    "source": source.get_display_name(),
                    "target": target.get_display_name(),
                }
            )
        return apply_machine_translation(translation.pk, user, translator)
    except SERVICE_ERRORS as error:
        raise MachineTranslationError(
            _("%(service)s could not translate this (%(error)s). Nothing was changed; try again later.")
            % {"service": translator.display_name, "error": _describe(error)}
        ) from error


def unchecked_machine_translations(translation):
    """Return the translation's strings written by a machine service that no person has saved since."""
    return (
        StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__stringsegment__source=translation.source,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        .exclude(tool_name=TRANSLITERATION_TOOL)
        .distinct()
    )


def _describe(error):
    response = getattr(error, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return _("the service answered %(status)s") % {"status": response.status_code}
    return error.__class__.__name__
