"""Serbian Latin to Serbian Cyrillic, letter for letter, leaving markup, addresses and foreign words alone."""

import re
import unicodedata

# Two Latin letters that are one Cyrillic letter; matched before single letters.
DIGRAPHS = {
    "dž": "џ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "lj": "љ",
    "Lj": "Љ",
    "LJ": "Љ",
    "nj": "њ",
    "Nj": "Њ",
    "NJ": "Њ",
}

LETTERS = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)

# Words in which "nj" or "dž" are two letters, not one: the prefix "in-", "kon-", "van-", "nad-",
# "pod-" meets a root starting with j or ž. Written "prefix|rest"; matched at the start of a word.
SPLIT_DIGRAPH_WORDS = (
    "in|jekc",
    "kon|jug",
    "kon|junk",
    "van|jezi",
    "tan|jug",
    "nad|živ",
    "nad|žnje",
    "pod|žanr",
)
_SPLITS = [(entry.replace("|", "").lower(), entry.index("|")) for entry in SPLIT_DIGRAPH_WORDS]

_DIGRAPH_OR_LETTER = re.compile("|".join([*DIGRAPHS, "."]), re.DOTALL)

# Letters that Serbian Latin does not use: a word holding one is a foreign name or term (Facebook,
# Wagtail, XXI) and is written in Latin letters in Cyrillic text too.
FOREIGN_LETTERS = frozenset("qwxyQWXY")

# What is never transliterated: markup, character references, web and email addresses.
_TOKENS = re.compile(
    r"""
      (?P<tag><[^>]*>)
    | (?P<reference>&(?:\#\d+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)
    | (?P<address>(?:https?://|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<word>[^\W\d_]+)
    """,
    re.VERBOSE,
)


def latin_to_cyrillic(text):
    """Return Serbian Latin text in Serbian Cyrillic; markup, addresses and foreign words stay as they are."""
    text = unicodedata.normalize("NFC", text)
    return _TOKENS.sub(_transliterate_token, text)


def _transliterate_token(match):
    word = match.group("word")
    if word is None or FOREIGN_LETTERS.intersection(word):
        return match.group(0)
    split_at = _split_point(word)
    if split_at is not None:
        return _transliterate_word(word[:split_at]) + _transliterate_word(word[split_at:])
    return _transliterate_word(word)


def _split_point(word):
    lowered = word.lower()
    for prefix, split_at in _SPLITS:
        if lowered.startswith(prefix):
            return split_at
    return None


def _transliterate_word(word):
    return _DIGRAPH_OR_LETTER.sub(
        lambda m: DIGRAPHS.get(m.group(0)) or LETTERS.get(m.group(0), m.group(0)), word
    )
