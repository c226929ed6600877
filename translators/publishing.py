"""What follows a publication: sources synced, translators told, transliterated editions rewritten."""

from wagtail.models import Locale

from translators.changes import is_first_publication, record_source_change, source_for
from translators.editions import edition_locale_for, sync_transliterated_edition


def after_publication(instance, *, user=None):
    """Handle a page just published or a snippet just saved; return the ids of the locales to notify.

    None means every language (a new source page); an empty list means nobody.
    """
    notify = []
    source = source_for(instance)
    if source is not None and record_source_change(source, user=user) is not None:
        notify = list(source.translations.filter(enabled=True).values_list("target_locale_id", flat=True))
    elif instance.locale_id == Locale.get_default().pk and is_first_publication(instance):
        notify = None
    if edition_locale_for(instance) is not None:
        sync_transliterated_edition(instance, user=user)
    return notify


def after_unpublication(page, *, user=None):
    """Take down the transliterated edition of a page that was taken down."""
    locale = edition_locale_for(page)
    if locale is None:
        return
    edition = page.get_translation_or_none(locale)
    if edition is not None and edition.live:
        edition.specific.unpublish(user=user)
