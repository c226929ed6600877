"""Choose the translation editor's machine translation service from the environment.

DEEPL_AUTH_KEY                DeepL (a key ending in ":fx" uses DeepL's free API)
GOOGLE_TRANSLATE_PROJECT_ID   Google Cloud Translation; credentials as Google's libraries find
                              them (GOOGLE_APPLICATION_CREDENTIALS); GOOGLE_TRANSLATE_LOCATION
                              defaults to "global"
LIBRETRANSLATE_URL            a LibreTranslate server, e.g. https://translate.example.org;
                              LIBRETRANSLATE_API_KEY if the server wants one

Set at most one. With none, the translation editor says that no service is set up. The backends
(translators/machine.py) are wagtail-localize's, asked only for the languages each service supports.
"""

SERVICES = ("DEEPL_AUTH_KEY", "GOOGLE_TRANSLATE_PROJECT_ID", "LIBRETRANSLATE_URL")


def parse_machine_translator(environ):
    """Return WAGTAILLOCALIZE_MACHINE_TRANSLATOR for the service environ configures, or None."""
    configured = [name for name in SERVICES if environ.get(name, "").strip()]
    if len(configured) > 1:
        raise ValueError(f"Machine translation: set only one of {', '.join(configured)}.")
    if not configured:
        return None
    value = environ[configured[0]].strip()
    if configured[0] == "DEEPL_AUTH_KEY":
        return {
            "CLASS": "translators.machine.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": value},
        }
    if configured[0] == "GOOGLE_TRANSLATE_PROJECT_ID":
        return {
            "CLASS": "translators.machine.GoogleCloudTranslator",
            "OPTIONS": {"PROJECT_ID": value, "LOCATION": environ.get("GOOGLE_TRANSLATE_LOCATION", "global")},
        }
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"LIBRETRANSLATE_URL: give the server's address (https://...), not {value!r}.")
    return {
        "CLASS": "translators.machine.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": value.rstrip("/"),
            "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }
