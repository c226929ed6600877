"""Machine translation in the translation editor, through the service the settings configure.

wagtail-localize ships the DeepL, Google and LibreTranslate backends; this module makes their
failures (no service set up, a language it lacks, a service that is down or refuses the request)
messages for the translator instead of server errors.
"""

import requests

from django.utils.translation import gettext as _

from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.views.edit_translation import apply_machine_translation

try:
    from google.api_core.exceptions import GoogleAPIError
except ImportError:  # Google's client is only needed when Google is the service.
    GoogleAPIError = requests.RequestException

# What a backend raises when its service is unreachable or answers with something unexpected.
SERVICE_ERRORS = (requests.RequestException, GoogleAPIError, KeyError, TypeError, ValueError)


class MachineTranslationError(Exception):
    """Machine translation could not run; the message says why, in the user's language."""


def machine_translator():
    """Return the configured machine translator, or None when none is set up."""
    return get_machine_translator()


def machine_translate(translation, user):
    """Fill the translation's untranslated strings by machine; return whether any were filled.

    Raises MachineTranslationError, having written nothing, if the service cannot do it.
    """
    translator = machine_translator()
    if translator is None:
        raise MachineTranslationError(
            _("No machine translation service is set up on this site. Ask an administrator to set one up.")
        )
    if not translator.can_translate(translation.source.locale, translation.target_locale):
        raise MachineTranslationError(
            _("%(service)s cannot translate from %(source)s into %(target)s.")
            % {
                "service": translator.display_name,
                "source": translation.source.locale.get_display_name(),
                "target": translation.target_locale.get_display_name(),
            }
        )
    try:
        return apply_machine_translation(translation.pk, user, translator)
    except SERVICE_ERRORS as error:
        raise MachineTranslationError(
            _("%(service)s could not translate this (%(error)s). Nothing was changed; try again later.")
            % {"service": translator.display_name, "error": _describe(error)}
        ) from error


def _describe(error):
    response = getattr(error, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return _("the service answered %(status)s") % {"status": response.status_code}
    return error.__class__.__name__
