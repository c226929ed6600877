"""Show pages and translatable snippets in the reader's language, a bounded number of queries at a time.

One rule picks the translation a reader gets, on the site and in email: the first language
along the reader's fallback chain (home.languages.fallback_chain: their own language, its
configured fallbacks, then the source language) in which there is one. `nearest` is that rule;
everything else here applies it to rows fetched in bulk, and `fallback_order` states it in SQL.
"""

from collections import defaultdict, namedtuple
from functools import reduce
from operator import itemgetter, or_

from django.apps import apps
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.translation import get_language

from wagtail.models import Page

from home.languages import fallback_chain
from home.page_loading import by_pk, specific
from home.shared_parts import language_part
from home.visibility import public_q

# A page's translation as a bare row: enough to choose before loading anything.
Candidate = namedtuple("Candidate", ["pk", "translation_key", "code"])


def nearest(translations, language_code=None):
    """Return the translation a reader of the language gets from {language code: translation}, or None."""
    chain = fallback_chain(language_code or get_language())
    return next((translations[code] for code in chain if code in translations), None)


def fallback_order(language_code=None, field="locale__language_code"):
    """Order rows by `field` along the reader's fallback chain, as `nearest` picks; others come last."""
    chain = fallback_chain(language_code or get_language())
    return Case(
        *(When(**{field: code}, then=Value(position)) for position, code in enumerate(chain)),
        default=Value(len(chain)),
        output_field=IntegerField(),
    )


def nearest_in_sql(pages, language_code=None):
    """Narrow `pages`, spanning locales, to each page's translation that the reader gets (see `nearest`).

    A queryset still, in SQL (fallback_order): it can be filtered, counted and paginated.
    """
    chain = fallback_chain(language_code or get_language())
    if len(chain) == 1:
        # The source language's readers get its pages: no translation to choose between.
        return pages.filter(locale__language_code=chain[0])
    candidates = pages.filter(locale__language_code__in=chain).annotate(
        fallback_rank=fallback_order(language_code)
    )
    nearer = candidates.filter(
        translation_key=OuterRef("translation_key"), fallback_rank__lt=OuterRef("fallback_rank")
    )
    return candidates.filter(~Exists(nearer))


def children_in_language(parent, model):
    """Return the live, public `model` children of `parent` in its language, as nearest_in_sql picks them.

    A child that the parent's language lacks comes from the parent's translation in the nearest
    language of the chain that has it: a Montenegrin section lists the Serbian articles.
    """
    language = parent.locale.language_code
    chain = fallback_chain(language)
    parents = (
        [parent]
        if chain == [language]
        else Page.objects.filter(
            translation_key=parent.translation_key, locale__language_code__in=chain
        ).only("path", "depth")
    )
    children = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents), Q(pk__in=[]))
    return nearest_in_sql(model.objects.filter(children).live().filter(public_q()), language)


def _nearest_by_key(candidates, language_code, code_of):
    """Map each translation key to the nearest of the candidates holding it, in order of first appearance."""
    by_key = defaultdict(dict)
    for candidate in candidates:
        by_key[candidate.translation_key].setdefault(code_of(candidate), candidate)
    return {key: nearest(translations, language_code) for key, translations in by_key.items()}


def localize_all(objects, language_code=None):
    """Return each object's translation in the reader's language (see `nearest`), in order.

    One query per model, whatever the number of objects; an object without a
    translation in the chain is returned as it is.
    """
    objects = list(objects)
    chain = fallback_chain(language_code or get_language())
    keys_by_model = defaultdict(set)
    for obj in objects:
        # A row already in the reader's own language is the one they get: no query for it.
        if _known_language(obj) != chain[0]:
            keys_by_model[type(obj)].add(obj.translation_key)
    best = {}
    for model, keys in keys_by_model.items():
        candidates = model.objects.filter(translation_key__in=keys, locale__language_code__in=chain).annotate(
            language_code=F("locale__language_code")
        )
        nearest_by_key = _nearest_by_key(candidates, language_code, lambda row: row.language_code)
        best.update(((model, key), translation) for key, translation in nearest_by_key.items())
    return [best.get((type(obj), obj.translation_key), obj) for obj in objects]


def _known_language(obj):
    """Return the object's language code when its locale is loaded already, else None."""
    locale = obj._meta.get_field("locale")
    return obj.locale.language_code if locale.is_cached(obj) else None


def localize(obj, language_code=None):
    """Return obj's translation in the reader's language (see localize_all)."""
    if obj is None:
        return None
    return localize_all([obj], language_code)[0]


def localize_relations(instances, *relations, language_code=None):
    """Set `localized_<relation>` on each instance: its related snippets in the reader's language.

    A relation is a many-to-many (it becomes a list) or a foreign key (an object or None).
    One query per snippet model for all instances together, and none for snippets already in
    the reader's language; relations not yet loaded are prefetched with their locales.
    """
    instances = list(instances)
    localize_relations_of([(instances, relations)], language_code=language_code)
    return instances


def localize_relations_of(groups, language_code=None):
    """`localize_relations` for several groups of (instances, relations) at once: a snippet model
    that several relations lead to (an article's countries, an event's country) is localized in
    one query for all of them.

    A relation to a vocabulary (VOCABULARIES: topics, countries) costs less still: its rows in
    the reader's language come from the parts every page shares (home.shared_parts), so only a
    many-to-many relation's links are read, in one query of bare ids.
    """
    language_code = language_code or get_language()
    vocabulary_groups, other_groups = [], []
    for instances, relations in groups:
        instances = list(instances)
        to_vocabulary = [relation for relation in relations if _leads_to_vocabulary(instances, relation)]
        others = [relation for relation in relations if relation not in to_vocabulary]
        vocabulary_groups.append((instances, to_vocabulary))
        other_groups.append((instances, others))
    found = []
    vocabulary_links = _vocabulary_links(vocabulary_groups)
    for instances, others in other_groups:
        prefetch_related_objects(instances, *_with_locales(instances, others))
        for instance in instances:
            for relation in others:
                related = getattr(instance, relation)
                many = hasattr(related, "all")
                found.append((instance, relation, many, _items(related, many)))
    translated = iter(localize_all([item for *_, items in found for item in items], language_code))
    for instance, relation, many, items in found:
        localized = [next(translated) for _item in items]
        setattr(instance, f"localized_{relation}", localized if many else next(iter(localized), None))
    _localize_vocabulary_links(vocabulary_links, language_code)


# Translatable snippets that a network has few of, kept whole per language among the shared parts.
VOCABULARIES = ("home.topic", "home.country")


def _leads_to_vocabulary(instances, relation):
    return bool(instances) and _related_model(instances[0], relation)._meta.label_lower in VOCABULARIES


def _related_model(instance, relation):
    return type(instance)._meta.get_field(relation).related_model


def _vocabulary_links(groups):
    """[(instance, relation, many, [ids of the related rows])] for groups of ([instances], relations
    to vocabularies).

    A foreign key has its id on the instance; a many-to-many relation's ids come from its links,
    one query a relation for every instance, unless the instance holds them in memory already (a
    page previewed from a revision, a prefetch).
    """
    links = []
    unread = defaultdict(list)
    for instances, relations in groups:
        for relation in relations:
            field = type(instances[0])._meta.get_field(relation)
            for instance in instances:
                if not field.many_to_many:
                    ids = [getattr(instance, field.attname)]
                elif relation in _in_memory(instance) or instance.pk is None:
                    ids = [related.pk for related in getattr(instance, relation).all()]
                else:
                    ids = []
                    unread[field].append((instance.pk, ids))
                links.append((instance, relation, field.many_to_many, ids))
    for field, waiting in unread.items():
        through = field.remote_field.through
        rows = through._default_manager.filter(
            **{f"{field.m2m_field_name()}__in": {pk for pk, _ids in waiting}}
        ).values_list(f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
        by_instance = defaultdict(list)
        for instance_pk, related_pk in rows:
            by_instance[instance_pk].append(related_pk)
        for instance_pk, ids in waiting:
            ids.extend(by_instance[instance_pk])
    return links


def _in_memory(instance):
    """The relations whose rows the instance holds itself, so that the database may not have them."""
    return {
        *getattr(instance, "_cluster_related_objects", {}),
        *getattr(instance, "_prefetched_objects_cache", {}),
    }


def _localize_vocabulary_links(links, language_code):
    """Set `localized_<relation>` from the ids found by _vocabulary_links, in the models' order."""
    kept = vocabularies(language_code) if links else {}
    for instance, relation, many, ids in links:
        model = _related_model(instance, relation)
        shown = kept[model._meta.label_lower]
        ids = [pk for pk in ids if pk is not None]
        if all(pk in shown for pk in ids):
            localized = [row for _place, row in sorted((shown[pk] for pk in ids), key=itemgetter(0))]
        else:
            # A row added since the vocabularies were kept, which the next change forgets.
            localized = localize_all(
                model._default_manager.filter(pk__in=ids).select_related("locale"), language_code
            )
        setattr(instance, f"localized_{relation}", localized if many else next(iter(localized), None))


def vocabularies(language_code):
    """The vocabularies (VOCABULARIES) as readers of the language see them, as localize_all picks:
    {model label: {id of each row, in any language: (its place in the model's order, the row shown)}}."""

    def compute():
        kept = {}
        for label in VOCABULARIES:
            rows = list(apps.get_model(label)._default_manager.select_related("locale"))
            chosen = _nearest_by_key(rows, language_code, lambda row: row.locale.language_code)
            # A row without a translation on the reader's chain is shown as it is.
            kept[label] = {
                row.pk: (place, chosen.get(row.translation_key, row)) for place, row in enumerate(rows)
            }
        return kept

    return language_part(language_code, "vocabularies", compute)


def _with_locales(instances, relations):
    """Prefetch lookups for `relations` of the instances that bring each related row's locale."""
    if not instances:
        return []
    meta = type(instances[0])._meta
    return [
        Prefetch(
            relation,
            queryset=meta.get_field(relation).related_model._default_manager.select_related("locale"),
        )
        for relation in relations
    ]


def _items(related, many):
    if many:
        return list(related.all())
    return [] if related is None else [related]


def localize_organisation_countries(organisations):
    """Set `localized_country` on each organisation, in the reader's language."""
    return localize_relations(organisations, "country")


def localize_pages(pages, language_code=None):
    """Return each page's live translation in the reader's language (see `nearest`), in order.

    A page with no live, public translation on the chain comes back as itself if it is live,
    and as None otherwise (as does None). Pages come back specific, for cards and teasers: their
    bodies (StreamFields) are read only if asked for. A bounded number of queries however many.
    """
    pages = list(pages)
    keys = {page.translation_key for page in pages if page is not None}
    if not keys:
        return [None for _page in pages]
    chain = fallback_chain(language_code or get_language())
    translations = Page.objects.live().filter(public_q()).filter(translation_key__in=keys)
    candidates = specific(translations.filter(locale__language_code__in=chain), select_related=("locale",))
    best = _nearest_by_key(candidates, language_code, lambda page: page.locale.language_code)
    untranslated = [page.pk for page in pages if page and page.translation_key not in best and page.live]
    originals = {page.pk: page for page in specific(Page.objects.filter(pk__in=untranslated))}
    return [page and (best.get(page.translation_key) or originals.get(page.pk)) for page in pages]


def parent_in_language(page, language_code=None):
    """Return the live translation of the page's parent in the reader's language (see `nearest`), or None.

    One query, for a link to the section a page is in ("All news"); the parent is not made specific.
    """
    parent = Page.objects.filter(path=page.path[: -Page.steplen]).values("translation_key")
    chain = fallback_chain(language_code or get_language())
    return (
        Page.objects.live()
        .filter(translation_key__in=parent, locale__language_code__in=chain)
        .order_by(fallback_order(language_code))
        .first()
    )


def in_language(pages, language_code=None, limit=None):
    """Return one page per translation in `pages`, a queryset spanning locales: the reader's (see `nearest`).

    The result keeps the queryset's order (of each page's first translation in it), up to
    `limit` pages; a page with no translation on the chain is left out. Only the chosen pages
    are loaded, so a long list costs what its first `limit` cost.
    """
    chain = fallback_chain(language_code or get_language())
    if len(chain) == 1:
        # One language to read: its pages are the chosen ones, in one query.
        return list(pages.filter(locale__language_code=chain[0]).select_related("locale")[:limit])
    rows = pages.filter(locale__language_code__in=chain).values_list(
        "pk", "translation_key", "locale__language_code"
    )
    candidates = (Candidate(pk, key, code) for pk, key, code in rows)
    chosen = [row.pk for row in _nearest_by_key(candidates, language_code, lambda row: row.code).values()][
        :limit
    ]
    found = by_pk(pages.model, chosen, select_related=("locale",))
    return [found[pk] for pk in chosen if pk in found]
