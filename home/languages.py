"""The site's languages: which locales exist, which way they are written, what they fall back to."""

from django.conf import settings
from django.utils.translation import get_language_info, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def content_language_codes():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def fallback_chain(language_code):
    """Return the languages to try, in order, for a reader of `language_code`.

    The chain starts with the language itself, continues with its configured fallbacks
    (LANGUAGE_FALLBACKS, e.g. cnr -> sr-latn) and always ends with the source language.
    """
    chain = [language_code, *settings.LANGUAGE_FALLBACKS.get(language_code, []), settings.LANGUAGE_CODE]
    available = set(content_language_codes())
    return [code for index, code in enumerate(chain) if code in available and code not in chain[:index]]


def supported_language(language_code):
    """Return the content language that a reader of `language_code` reads (its chain's first)."""
    return fallback_chain((language_code or "").lower())[0]


def language_from_accept_header(header):
    """Return the content language a browser's Accept-Language asks for first, or None.

    A language the site lacks counts as the first of its fallback chain that it has
    (LANGUAGE_FALLBACKS: `hr` reads Serbian in Latin script), where a chain is configured.
    """
    for accepted, _quality in parse_accept_lang_header(header):
        if accepted == "*":
            return None
        try:
            return get_supported_language_variant(accepted)
        except LookupError:
            pass
        for code in dict.fromkeys([accepted, accepted.split("-")[0]]):
            if code in settings.LANGUAGE_FALLBACKS:
                return supported_language(code)
    return None


def language_name(language_code):
    """Return the language's name in that language ("shqip", "العربية"), or the code if unknown."""
    try:
        return get_language_info(language_code)["name_local"]
    except KeyError:
        return language_code


def is_right_to_left(language_code):
    return get_language_info(language_code)["bidi"]


def create_missing_locales(**kwargs):
    """Give every configured content language a Wagtail Locale (runs after migrate)."""
    from wagtail.models import Locale

    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        Locale(language_code=code) for code in content_language_codes() if code not in existing
    )
