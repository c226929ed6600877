"""Show translatable snippets in the reader's language, a bounded number of queries at a time."""

from collections import defaultdict

from django.db.models import F, prefetch_related_objects
from django.utils.translation import get_language

from wagtail.models import Page

from home.languages import fallback_chain


def localize_all(objects, language_code=None):
    """Return each object's translation in the language (or its fallbacks), in order.

    One query per model, whatever the number of objects; an object without a
    translation in the chain is returned as it is.
    """
    objects = list(objects)
    if not objects:
        return objects
    chain = fallback_chain(language_code or get_language())
    rank = {code: position for position, code in enumerate(chain)}
    keys_by_model = defaultdict(set)
    for obj in objects:
        keys_by_model[type(obj)].add(obj.translation_key)
    best = {}
    for model, keys in keys_by_model.items():
        candidates = model.objects.filter(translation_key__in=keys, locale__language_code__in=chain).annotate(
            language_code=F("locale__language_code")
        )
        for candidate in candidates:
            key = (model, candidate.translation_key)
            if key not in best or rank[candidate.language_code] < rank[best[key].language_code]:
                best[key] = candidate
    return [best.get((type(obj), obj.translation_key), obj) for obj in objects]


def localize(obj, language_code=None):
    """Return obj's translation in the reader's language (see localize_all)."""
    if obj is None:
        return None
    return localize_all([obj], language_code)[0]


def localize_relations(instances, *relations, language_code=None):
    """Set `localized_<relation>` on each instance: its related snippets in the reader's language.

    A relation is a many-to-many (it becomes a list) or a foreign key (an object or None).
    One query per snippet model for all instances together, once the relations are prefetched.
    """
    instances = list(instances)
    groups = []
    for instance in instances:
        for relation in relations:
            related = getattr(instance, relation)
            many = hasattr(related, "all")
            groups.append((instance, relation, many, _items(related, many)))
    translated = iter(localize_all([item for *_, items in groups for item in items], language_code))
    for instance, relation, many, items in groups:
        localized = [next(translated) for _item in items]
        setattr(instance, f"localized_{relation}", localized if many else next(iter(localized), None))
    return instances


def _items(related, many):
    if many:
        return list(related.all())
    return [] if related is None else [related]


def localize_organisation_countries(organisations):
    """Set `localized_country` on each organisation, in the reader's language."""
    organisations = list(organisations)
    prefetch_related_objects(organisations, "country")
    return localize_relations(organisations, "country")


def localize_pages(pages, language_code=None):
    """Return each page's live translation in the language where there is one, else the page.

    Pages come back specific, in order; a bounded number of queries however many pages.
    """
    pages = list(pages)
    translations = {
        translation.translation_key: translation
        for translation in Page.objects.live()
        .public()
        .filter(
            translation_key__in={page.translation_key for page in pages},
            locale__language_code=language_code or get_language(),
        )
        .specific()
    }
    untranslated = [page.pk for page in pages if page.translation_key not in translations]
    originals = {page.pk: page for page in Page.objects.filter(pk__in=untranslated).specific()}
    return [translations.get(page.translation_key) or originals[page.pk] for page in pages]
