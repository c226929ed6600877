"""Pages as lists show them: chosen for the reader's language, and fetched for cards in a few queries."""

from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model

from home import images
from home.languages import fallback_chain
from home.localization import localize_relations


def in_reader_language(pages, language_code, limit=None):
    """Return one page per translation of `pages`: in the language, else its nearest fallback.

    The one place where lists (the home page's sections, a campaign's updates and events, the
    campaign index) choose which language of a page a reader sees. `pages` is a queryset spanning
    locales; the result keeps its order (of each page's first translation in it), up to `limit`
    pages. A page with no translation in the language's chain (home.languages) is left out.
    """
    chain = fallback_chain(language_code)
    rank = {code: position for position, code in enumerate(chain)}
    best = {}
    rows = pages.filter(locale__language_code__in=chain).values_list(
        "pk", "translation_key", "locale__language_code"
    )
    for pk, key, code in rows:
        if key not in best or rank[code] < rank[best[key][1]]:
            best[key] = (pk, code)
    chosen = [pk for pk, _code in best.values()][:limit]
    found = pages.model._default_manager.filter(pk__in=chosen).select_related("locale").in_bulk()
    return [found[pk] for pk in chosen if pk in found]


def prepare_cards(articles):
    """Evaluate specific articles with their images, and topics and countries in the reader's language."""
    articles = list(articles)
    pictures = images.prefetch(get_image_model().objects.all(), "card", "feature")
    prefetch_related_objects(
        articles,
        Prefetch("listing_image", queryset=pictures),
        Prefetch("hero_image", queryset=pictures),
        "topics",
        "countries",
    )
    localize_relations(articles, "topics", "countries")
    # Some kinds show more on their cards (an event: its country), declared as `card_relations`.
    by_relations = defaultdict(list)
    for article in articles:
        if article.card_relations:
            by_relations[article.card_relations].append(article)
    for relations, group in by_relations.items():
        prefetch_related_objects(group, *relations)
        localize_relations(group, *relations)
    return articles
