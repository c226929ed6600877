"""Articles as cards show them, fetched in a bounded number of queries however many there are."""

from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model

from home.localization import localize_relations

# The rendition every card shows (templates/components/card.html): 16:9, sharp on wide screens.
CARD_IMAGE = "fill-640x360"


def prepare_cards(articles):
    """Evaluate specific articles with their images, and topics and countries in the reader's language."""
    articles = list(articles)
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    prefetch_related_objects(
        articles,
        Prefetch("listing_image", queryset=images),
        Prefetch("hero_image", queryset=images),
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
