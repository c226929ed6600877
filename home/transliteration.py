"""Serbian Latin to Serbian Cyrillic, letter for letter, leaving alone what is written in Latin letters
in Cyrillic text too: markup, addresses, format placeholders, foreign words and names, Roman numerals;
and Serbian Cyrillic back to Latin letters, which is unambiguous.
"""

import functools
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

# Names, brands and acronyms that Serbian Cyrillic text keeps in Latin letters although Serbian Latin
# could spell them (a word with q, w, x or y, or a capital inside, is kept anyway). Matched whole
# and case-sensitively, also in capitals: "Signal" or "Zoom" are left out because they are Serbian
# words too. The site's own name and each page's own terms are added by the caller.
KEPT_IN_LATIN = (
    "BCSDN",
    "COVID-19",
    "COVID",
    "Facebook",
    "Instagram",
    "Mastodon",
    "Google",
    "Wikipedia",
    "Wagtail",
    "SMART Balkans",
    "TACSO",
    "CIVICUS",
)

# Words in which "nj" is two letters, not one: the prefix "in-", "kon-", "van-" meets a root in j.
# Written "prefix|rest"; matched at the start of a word.
SPLIT_DIGRAPH_WORDS = (
    "in|jekc",
    "kon|jug",
    "kon|junk",
    "van|jezi",
    "tan|jug",
)
_SPLITS = [(entry.replace("|", "").lower(), entry.index("|")) for entry in SPLIT_DIGRAPH_WORDS]
# A prefix ending in d before a root in ž (odžaliti, nadživeti, podžupan, predželudac, neodživ...)
# makes d and ž two letters; odžak (chimney), Odžaci and nadžak are the words where they are one.
_D_PREFIX = re.compile(r"(?:ne|naj)?(?:ispod|iznad|pred|nad|pod|od)(?=ž)", re.IGNORECASE)
ONE_LETTER_DŽ_WORDS = ("odžak", "odžac", "odžač", "nadžak", "nadžac")

_DIGRAPH_OR_LETTER = re.compile("|".join([*DIGRAPHS, "."]), re.DOTALL)

# Letters that Serbian Latin does not use: a word holding one is a foreign name or term (Facebook,
# Wagtail, XXI) and is written in Latin letters in Cyrillic text too.
FOREIGN_LETTERS = frozenset("qwxyQWXY")
# A capital after a small letter (DeepL, LibreTranslate, TikTok) marks a brand, never a Serbian word.
_INNER_CAPITAL = re.compile(r"[a-zčćđšž][A-ZČĆĐŠŽ]")

# A Roman numeral of two letters or more holding an I (II, IV, XIX): kept, except in text in
# capitals, where "MI" or "IV" are more likely words. "CV" or "CD" are left to be transliterated.
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_NOT_NUMERALS = frozenset({"LI", "CI", "DI", "MI"})

# What is never transliterated: markup, character references, web and email addresses, bare
# domains (balkancsd.net/o-nama), gettext and str.format placeholders, code (`manage.py x`, names_like_this).
_FIXED_TOKENS = r"""
      (?P<tag><[^>]*>)
    | (?P<reference>&(?:\#\d+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)
    | (?P<address>(?:https?://|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<domain>(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}
        (?:/[^\s<>"]*[^\s<>".,;:!?)»“”])?(?![\w@-]))
    | (?P<placeholder>%\(\w+\)[#0+-]*\d*(?:\.\d+)?[a-zA-Z]|%[sdif%]|\{\w*\})
    | (?P<code>`[^`]*`|(?<!\w)\w+_\w+)
"""


def latin_to_cyrillic(text, *, keep=()):
    """Return Serbian Latin text in Serbian Cyrillic; keep lists more terms to leave in Latin letters."""
    text = unicodedata.normalize("NFC", text)
    in_capitals = not any(character.islower() for character in re.sub(r"<[^>]*>", "", text))
    return _tokens(_kept_terms(keep)).sub(
        functools.partial(_transliterate_token, in_capitals=in_capitals), text
    )


def _kept_terms(keep):
    terms = {unicodedata.normalize("NFC", term.strip()) for term in (*KEPT_IN_LATIN, *keep)}
    terms |= {term.upper() for term in terms}
    # Longest first, so that "COVID-19" wins over "COVID".
    return tuple(sorted(filter(None, terms), key=lambda term: (-len(term), term)))


@functools.lru_cache(maxsize=64)
def _tokens(kept_terms):
    kept = "|".join(re.escape(term) for term in kept_terms)
    return re.compile(
        _FIXED_TOKENS + rf"| (?P<kept>(?<!\w)(?:{kept})(?!\w)) | (?P<word>[^\W\d_]+)",
        re.VERBOSE,
    )


def _transliterate_token(match, *, in_capitals):
    word = match.group("word")
    if word is None or FOREIGN_LETTERS.intersection(word) or _INNER_CAPITAL.search(word):
        return match.group(0)
    if not in_capitals and _is_roman_numeral(word):
        return word
    split_at = _split_point(word)
    if split_at is not None:
        return _transliterate_word(word[:split_at]) + _transliterate_word(word[split_at:])
    return _transliterate_word(word)


def _is_roman_numeral(word):
    return len(word) > 1 and "I" in word and word not in _NOT_NUMERALS and _ROMAN.fullmatch(word) is not None


def _split_point(word):
    lowered = word.lower()
    for prefix, split_at in _SPLITS:
        if lowered.startswith(prefix):
            return split_at
    prefix = _D_PREFIX.match(word)
    if prefix is not None and not lowered.startswith(ONE_LETTER_DŽ_WORDS):
        return prefix.end()
    return None


def _transliterate_word(word):
    return _DIGRAPH_OR_LETTER.sub(
        lambda m: DIGRAPHS.get(m.group(0)) or LETTERS.get(m.group(0), m.group(0)), word
    )


_CYRILLIC_LETTERS = {cyrillic: latin for latin, cyrillic in LETTERS.items()} | {
    "љ": "lj",
    "Љ": "Lj",
    "њ": "nj",
    "Њ": "Nj",
    "џ": "dž",
    "Џ": "Dž",
}
_CYRILLIC_WORD = re.compile(r"[^\W\d_]+")


def cyrillic_to_latin(text):
    """Return Serbian Cyrillic text in Serbian Latin letters (a word in capitals stays in capitals)."""
    return _CYRILLIC_WORD.sub(_latin_word, unicodedata.normalize("NFC", text))


def _latin_word(match):
    word = match.group(0)
    latin = "".join(_CYRILLIC_LETTERS.get(letter, letter) for letter in word)
    return latin.upper() if len(word) > 1 and word.isupper() else latin
