"""What waits for one language's translators: never translated, out of date, in progress, due soon.

Every function runs a bounded number of queries, however many pages and translations exist.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Locale, Page, TranslatableMixin, WorkflowState
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationLog

from translators.deadlines import translation_deadlines
from translators.editions import TOOL_NAME as TRANSLITERATION_TOOL
from translators.models import SourceChange

# Rows shown per list; the counts say how many more there are.
LIST_LENGTH = 10
# Changed strings quoted per out-of-date translation, and how much of each.
CHANGED_STRINGS_SHOWN = 5
CHANGED_STRING_WORDS = 20


@dataclass
class WorkItem:
    title: str
    kind: str
    url: str
    # Out of date: the source strings that changed. In progress: "translated of total".
    changed_strings: list = field(default_factory=list)
    translated: int = 0
    # Of the translated strings, those a machine wrote and no person has saved since.
    by_machine: int = 0
    total: int = 0
    in_review: bool = False
    changes_requested: bool = False


@dataclass
class Workload:
    locale: Locale
    untranslated: list
    untranslated_count: int
    outdated: list
    outdated_count: int
    in_progress: list
    in_progress_count: int
    deadlines: list

    @property
    def is_empty(self):
        return not (
            self.untranslated_count or self.outdated_count or self.in_progress_count or self.deadlines
        )


def workload(locale, *, length=LIST_LENGTH):
    """Return what waits for translators into locale, each list cut to `length` rows."""
    untranslated, untranslated_count = untranslated_items(locale, length)
    outdated_qs = translations_into(locale).filter(outdated=True).order_by("-source__last_updated_at", "pk")
    in_progress_qs = (
        translations_into(locale)
        .filter(outdated=False)
        .filter(Q(untranslated_strings__gt=0) | Q(target_is_draft=True))
        .order_by("-created_at", "pk")
    )
    return Workload(
        locale=locale,
        untranslated=untranslated,
        untranslated_count=untranslated_count,
        outdated=_translation_items(list(outdated_qs[:length]), locale, with_changes=True),
        outdated_count=outdated_qs.count(),
        in_progress=_translation_items(list(in_progress_qs[:length]), locale),
        in_progress_count=in_progress_qs.count(),
        deadlines=translation_deadlines(locale),
    )


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def untranslated_pages(locale):
    """Return the live source-language pages that have no translation in locale (aliases count as none)."""
    translated = Page.objects.filter(locale=locale, alias_of__isnull=True).values("translation_key")
    return (
        Page.objects.live()
        .filter(locale=Locale.get_default(), depth__gt=1)
        .exclude(translation_key__in=translated)
    )


def untranslated_snippets(locale, model):
    """Return the source-language rows of a snippet model that have no translation in locale."""
    translated = model.objects.filter(locale=locale).values("translation_key")
    return model.objects.filter(locale=Locale.get_default()).exclude(translation_key__in=translated)


def untranslated_items(locale, length):
    pages = untranslated_pages(locale)
    count = pages.count()
    items = [
        WorkItem(
            title=page.get_admin_display_title(),
            kind=page.specific_class._meta.verbose_name if page.specific_class else "",
            url=_with_locale(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), locale),
        )
        for page in pages.order_by("-last_published_at", "pk").defer_streamfields()[:length]
    ]
    for model in translatable_snippet_models():
        snippets = untranslated_snippets(locale, model)
        count += snippets.count()
        for snippet in snippets[: max(length - len(items), 0)]:
            url = reverse(
                "wagtail_localize:submit_snippet_translation",
                args=[model._meta.app_label, model._meta.model_name, quote(snippet.pk)],
            )
            items.append(
                WorkItem(title=str(snippet), kind=model._meta.verbose_name, url=_with_locale(url, locale))
            )
    return items, count


def translations_into(locale):
    """Return locale's enabled translations, annotated with their state.

    outdated: the source changed after the translation was last written to its page or snippet;
    untranslated_strings / total_strings: progress in the translation editor;
    machine_strings: strings translated by a machine service and not checked by a person since;
    target_is_draft: the translated page is not live, or has changes that are not.
    """
    last_written = (
        TranslationLog.objects.filter(source=OuterRef("source"), locale=locale)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    strings = StringSegment.objects.filter(source=OuterRef("source")).order_by().values("source")
    is_translated = Exists(
        StringTranslation.objects.filter(
            translation_of=OuterRef("string"), context=OuterRef("context"), locale=locale, has_error=False
        )
    )
    is_machine_translated = Exists(
        StringTranslation.objects.filter(
            translation_of=OuterRef("string"),
            context=OuterRef("context"),
            locale=locale,
            has_error=False,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        ).exclude(tool_name=TRANSLITERATION_TOOL)
    )
    return (
        Translation.objects.filter(target_locale=locale, enabled=True)
        .select_related("source", "source__specific_content_type")
        .annotate(
            last_written_at=Subquery(last_written),
            outdated=Exists(
                SourceChange.objects.filter(
                    source=OuterRef("source"), changed_at__gt=OuterRef("last_written_at")
                )
            ),
            total_strings=_count(strings),
            untranslated_strings=_count(strings.filter(~is_translated)),
            machine_strings=_count(strings.filter(is_machine_translated)),
            target_page_id=Subquery(
                Page.objects.filter(translation_key=OuterRef("source__object_id"), locale=locale).values(
                    "pk"
                )[:1]
            ),
            target_is_draft=Exists(
                Page.objects.filter(translation_key=OuterRef("source__object_id"), locale=locale).filter(
                    Q(live=False) | Q(has_unpublished_changes=True)
                )
            ),
        )
    )


def _count(segments):
    return Coalesce(
        Subquery(segments.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
    )


def changed_strings(translations):
    """Return {translation pk: [source text]}: what changed since each was last written, still current."""
    if not translations:
        return {}
    source_ids = {translation.source_id for translation in translations}
    current = set(
        StringSegment.objects.filter(source_id__in=source_ids).values_list(
            "source_id", "context__path", "string__data"
        )
    )
    changes = SourceChange.objects.filter(source_id__in=source_ids)
    if all(translation.last_written_at for translation in translations):
        # Older changes were translated long ago: leave them in the database.
        changes = changes.filter(
            changed_at__gt=min(translation.last_written_at for translation in translations)
        )
    changes = list(changes)
    result = {}
    for translation in translations:
        texts = result[translation.pk] = []
        for change in changes:
            if change.source_id != translation.source_id or not _newer(change, translation):
                continue
            for string in change.strings:
                still_current = (translation.source_id, string["path"], string["text"]) in current
                if still_current and string["text"] not in texts:
                    texts.append(string["text"])
    return result


def _newer(change, translation):
    return translation.last_written_at is None or change.changed_at > translation.last_written_at


def _translation_items(translations, locale, *, with_changes=False):
    changes = changed_strings(translations) if with_changes else {}
    urls = _edit_urls(translations, locale)
    states = _workflow_states([t.target_page_id for t in translations if t.target_page_id])
    items = []
    for translation in translations:
        model = translation.source.specific_content_type.model_class()
        state = states.get(translation.target_page_id)
        items.append(
            WorkItem(
                title=translation.source.object_repr,
                kind=model._meta.verbose_name if model else "",
                url=urls.get(translation.pk, ""),
                changed_strings=[
                    Truncator(strip_tags(text)).words(CHANGED_STRING_WORDS)
                    for text in changes.get(translation.pk, [])[:CHANGED_STRINGS_SHOWN]
                ],
                translated=translation.total_strings - translation.untranslated_strings,
                by_machine=translation.machine_strings,
                total=translation.total_strings,
                in_review=state == WorkflowState.STATUS_IN_PROGRESS,
                changes_requested=state == WorkflowState.STATUS_NEEDS_CHANGES,
            )
        )
    return items


def _edit_urls(translations, locale):
    urls = {}
    snippet_keys = {}
    for translation in translations:
        if translation.target_page_id:
            urls[translation.pk] = reverse("wagtailadmin_pages:edit", args=[translation.target_page_id])
        else:
            model = translation.source.specific_content_type.model_class()
            snippet_keys.setdefault(model, {})[translation.source.object_id] = translation.pk
    for model, keys in snippet_keys.items():
        if model is None or not hasattr(model, "snippet_viewset"):
            continue
        edit_url_name = model.snippet_viewset.get_url_name("edit")
        for key, pk in model.objects.filter(translation_key__in=keys, locale=locale).values_list(
            "translation_key", "pk"
        ):
            urls[keys[key]] = reverse(edit_url_name, args=[quote(pk)])
    return urls


def _workflow_states(page_ids):
    if not page_ids:
        return {}
    states = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in page_ids]
    )
    return {int(object_id): status for object_id, status in states.values_list("object_id", "status")}


def _with_locale(url, locale):
    return f"{url}?select_locale={locale.language_code}"
