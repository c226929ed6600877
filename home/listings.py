"""Pages as lists show them: chosen for the reader's language, and fetched for cards in a few queries."""

from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.db.models.expressions import RawSQL

from wagtail.images import get_image_model

from home import images
from home.localization import localize_relations_of


def compiled_once(queryset):
    """The rows of `queryset` in its order, their choice compiled to SQL now, once.

    A listing counts, pages and splits one selection of articles, and choosing each article's
    translation takes nested subqueries (home.localization.nearest_in_sql) that cost the ORM
    more to compile than the database to run: the queries made from this one embed that SQL as
    it is, and compile only what they add.
    """
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    # The ORM's own SQL, its values still passed apart as parameters.
    selection = RawSQL(sql, params)  # noqa: S611
    return queryset.model._default_manager.filter(pk__in=selection).order_by(*queryset.query.order_by)


def prepare_cards(articles):
    """Evaluate specific articles with their images, and topics and countries in the reader's language."""
    articles = list(articles)
    prefetch_card_images(articles)
    # A card says which language a page shown by fallback is in.
    prefetch_related_objects(articles, "locale")
    # Some kinds show more on their cards (an event: its country), declared as `card_relations`.
    by_relations = defaultdict(list)
    for article in articles:
        if article.card_relations:
            by_relations[article.card_relations].append(article)
    localize_relations_of(
        [
            (articles, ("topics", "countries")),
            *((group, relations) for relations, group in by_relations.items()),
        ]
    )
    return articles


def prefetch_card_images(pages, renditions=None):
    """Give each page its listing and hero images, with the card's renditions (or those `renditions`
    filter specs name): one query for both."""
    fields = ("listing_image", "hero_image")
    ids = {getattr(page, f"{field}_id") for page in pages for field in fields} - {None}
    chosen = get_image_model().objects.filter(pk__in=ids)
    if renditions:
        chosen = chosen.prefetch_renditions(*renditions)
    else:
        chosen = images.prefetch(chosen, "card", "feature")
    pictures = chosen.in_bulk()
    for page in pages:
        for field in fields:
            setattr(page, field, pictures.get(getattr(page, f"{field}_id")))
