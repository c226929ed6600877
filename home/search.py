"""Search the live pages of one language: results grouped by type, with the words that matched marked."""

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models
from wagtail.search import index

# A word: letters and digits, with the combining marks of any script (ë written as e + ¨, Arabic vowels).
WORD = re.compile(r"(?:\w|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+")
# How many words of a page's text a result shows, and how many of them come before the first match.
EXCERPT_WORDS = 36
EXCERPT_LEAD = 8
# Words shorter than this match only whole words; longer ones also words they begin (search: searches).
PREFIX_MINIMUM = 4


@dataclass(frozen=True)
class SearchType:
    """A kind of page results can be narrowed to, named in the `type` parameter and for readers."""

    slug: str
    label: str | Promise


# Page types that declare no `search_type` of their own are found as pages.
PAGES = SearchType("pages", _("Pages"))


def search_types():
    """Return [(SearchType, [content type ids])] in a stable order, "pages" last."""
    groups = {}
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        search_type = getattr(model, "search_type", None) or PAGES
        groups.setdefault(search_type.slug, (search_type, []))[1].append(model)
    pages = groups.pop(PAGES.slug, None)
    ordered = [*groups.values(), *([pages] if pages else [])]
    content_types = ContentType.objects.get_for_models(
        *(model for _type, models in ordered for model in models)
    )
    return [(search_type, [content_types[model].pk for model in models]) for search_type, models in ordered]


@functools.lru_cache(maxsize=8192)
def normalise(word):
    """Fold case and drop accents and vowel marks, as the search index does.

    Remembered: an excerpt compares each word of a page's text with the query's, and texts
    repeat their words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def query_terms(query):
    """Return the query's words, normalised, without repeats; quoted phrases count as their words."""
    words = []
    for part in smart_split(query):
        if part[:1] in "\"'" and part[-1:] == part[:1] and len(part) > 1:
            part = unescape_string_literal(part)
        words.extend(normalise(word) for word in WORD.findall(part))
    return list(dict.fromkeys(words))


def matches(word, terms):
    """Say whether a word of the text is one of the terms or shares its stem (report: reports)."""
    word = normalise(word)
    for term in terms:
        if word == term:
            return True
        shorter, longer = sorted((word, term), key=len)
        if len(shorter) >= PREFIX_MINIMUM and longer.startswith(shorter):
            return True
    return False


def highlight(text, terms):
    """Return the text as HTML with every matching word in <mark>."""
    parts, position = [], 0
    for word in WORD.finditer(text):
        if matches(word.group(), terms):
            parts += [escape(text[position : word.start()]), f"<mark>{escape(word.group())}</mark>"]
            position = word.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)


def excerpt(text, terms):
    """Return the passage of the text around its first matching word, with the matches marked, or ""."""
    words = list(WORD.finditer(text))
    first = next((number for number, word in enumerate(words) if matches(word.group(), terms)), None)
    if first is None:
        return ""
    begin = max(0, first - EXCERPT_LEAD)
    end = min(len(words), begin + EXCERPT_WORDS)
    start_at = words[begin].start()
    stop_at = words[end].start() if end < len(words) else len(text)
    passage = " ".join(text[start_at:stop_at].split())
    return mark_safe(  # noqa: S308 (highlight escapes the text)
        ("… " if begin else "") + highlight(passage, terms) + (" …" if end < len(words) else "")
    )


def searchable_text(page):
    """Return the text the search index holds for the page beyond its title."""
    texts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(page)
            texts.extend(value if isinstance(value, list) else [value] if value else [])
    return " ".join(str(text) for text in texts)


@dataclass
class Result:
    """A page as search results show it."""

    page: Page
    type_label: str
    title: str
    excerpt: str


def present(page, terms):
    """Return the page as a Result: its title and the passage that matched, the words marked."""
    summary = getattr(page, "card_summary", "") or page.search_description
    return Result(
        page=page,
        type_label=capfirst(page._meta.verbose_name),
        title=highlight(page.title, terms),
        excerpt=excerpt(searchable_text(page), terms) or highlight(summary, terms),
    )


def live_pages(locale=None):
    """Return the live, public pages below the tree's root, of one locale if given."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    return pages.filter(locale=locale) if locale is not None else pages


def type_counts(results, types):
    """Return [(SearchType, count)] of the types the results include, with the results' counts."""
    by_content_type = results.facet("content_type_id")
    counts = [
        (search_type, sum(by_content_type.get(content_type, 0) for content_type in content_types))
        for search_type, content_types in types
    ]
    return [(search_type, count) for search_type, count in counts if count]


def other_languages(query, locale):
    """Return {language code: number of results} in the languages other than `locale`'s."""
    counts = live_pages().exclude(locale=locale).search(query).facet("locale_id")
    codes = dict(apps.get_model("wagtailcore", "Locale").objects.values_list("pk", "language_code"))
    return {codes[locale_id]: count for locale_id, count in counts.items() if count}
