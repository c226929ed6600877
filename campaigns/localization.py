"""Show pages in the reader's language, falling back as home.languages says."""

from home.languages import fallback_chain


def in_language(pages, language_code):
    """Return one page per translation of `pages`: in the language, else its nearest fallback.

    `pages` is a queryset spanning locales; the result keeps its order (of each page's
    first translation in it). A page with no translation in the chain is left out.
    """
    chain = fallback_chain(language_code)
    rank = {code: position for position, code in enumerate(chain)}
    best = {}
    for page in pages.filter(locale__language_code__in=chain).select_related("locale"):
        current = best.get(page.translation_key)
        if current is None or rank[page.locale.language_code] < rank[current.locale.language_code]:
            best[page.translation_key] = page
    return list(best.values())
