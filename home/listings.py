"""Pages as lists show them: chosen for the reader's language, and fetched for cards in a few queries."""

from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images import get_image_model

from home import images
from home.localization import localize_relations


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
        "locale",  # A card says which language a page shown by fallback is in.
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
