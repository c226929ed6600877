"""Links to pages in rich text, every link of a text found in one query.

Wagtail's handler loads the linked pages as their specific types (a query for the pages and one
per type), then looks up the reader's locale and each page's translation in it, one link at a
time. A link needs only the page's address in the reader's language: the linked pages and their
live translations in that language come here together, and the rule stays Wagtail's
(`Page.localized`): the translation when it is live, else the page linked.
"""

from django.conf import settings
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


def reader_language():
    """The language Wagtail's `Locale.get_active` reads, falling back to the default one as it does."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class LocalizedPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, expanded to the reader's language with one query per text."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        numeric = [int(id_) for id_ in ids if id_.isdigit()]
        language = reader_language()
        linked = Page.objects.filter(pk__in=numeric).values("translation_key")
        # Only what choosing the translation and making its address read: a whole page is a wide
        # row and a costly object.
        pages = (
            Page.objects.filter(
                Q(pk__in=numeric) | Q(translation_key__in=linked, locale__language_code=language, live=True)
            )
            .annotate(language_code=F("locale__language_code"))
            .only("url_path", "translation_key", "live")
        )
        by_id = {}
        translations = {}
        for page in pages:
            by_id[str(page.pk)] = page
            if page.language_code == language and page.live:
                translations[page.translation_key] = page
        return [_localized(by_id.get(id_), translations) for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in cls.get_many(attrs_list)]


def _localized(page, translations):
    if page is None:
        return None
    return translations.get(page.translation_key, page)


def in_reader_language(page):
    """The page's live translation in the reader's language, else the page: Wagtail's rule
    (`Page.localized`) in one query, where Wagtail first looks the reader's locale up."""
    if page is None:
        return None
    translation = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=reader_language(), live=True
    ).first()
    return translation or page
