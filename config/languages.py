"""Parse the content-language settings; registers languages that Django does not ship."""

from django.conf.locale import LANG_INFO

# Languages of the region that Django lacks. Each also needs formats in config/formats/<code>/
# and Django's own strings (months, weekdays) in config/locale/<code>/.
EXTRA_LANG_INFO = {
    "cnr": {
        "bidi": False,
        "code": "cnr",
        "name": "Montenegrin",
        "name_local": "crnogorski",
    },
}

DEFAULT_CONTENT_LANGUAGES = "en,sq,mk,sr-latn,cnr,de,ar"

# Where a language's content is missing, try these before the source language.
DEFAULT_LANGUAGE_FALLBACKS = "cnr:sr-latn,sr:sr-latn,bs:sr-latn,hr:sr-latn"


def register_language(code, name_local, *, bidi=False):
    """Add a language Django does not know to LANG_INFO, so it can be served and named."""
    LANG_INFO.setdefault(code, {"bidi": bidi, "code": code, "name": name_local, "name_local": name_local})


def parse_content_languages(value):
    """Return [(code, local name)] from "en,sq,xx:Name" or "xx:Name:rtl" entries."""
    LANG_INFO.update(EXTRA_LANG_INFO)
    languages = []
    for entry in filter(None, (part.strip() for part in value.split(","))):
        code, _, rest = entry.partition(":")
        code = code.strip().lower()
        name, _, direction = rest.partition(":")
        if name:
            register_language(code, name.strip(), bidi=direction.strip() == "rtl")
        if code not in LANG_INFO:
            raise ValueError(
                f"CONTENT_LANGUAGES: Django does not know {code!r}; "
                f"write it as '{code}:<local name>' (add ':rtl' for right-to-left)."
            )
        languages.append((code, LANG_INFO[code]["name_local"]))
    if not languages:
        raise ValueError("CONTENT_LANGUAGES must name at least one language.")
    return languages


def parse_fallbacks(value):
    """Return {language: [fallback, ...]} from "cnr:sr-latn,sr:sr-latn|en" entries."""
    fallbacks = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        code, _, chain = entry.partition(":")
        fallbacks[code.strip().lower()] = [c.strip().lower() for c in chain.split("|") if c]
    return fallbacks
