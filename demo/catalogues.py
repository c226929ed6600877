"""Keep the demo's translation catalogues in step with the source texts."""

import re
from collections import defaultdict

import polib

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page

from demo.loading import translation_plan
from demo.site import create_site
from demo.taxonomy import create_taxonomy
from demo.translation import TRANSLATIONS_DIR, catalogue_path, source_segments
from home.languages import content_language_codes
from home.models import Country, Organisation, Topic
from newsletter.models import MailingList

# StreamField blocks' ids, which change with every build.
BLOCK_ID = re.compile(r"\.?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def field_path(segment):
    """Return where the segment is, as a translator reads it: "body.text", not block ids."""
    return BLOCK_ID.sub("", segment.context.path)


def source_strings(languages):
    """Return {language: {source string: [where it occurs]}} for the demo as it stands."""
    strings = defaultdict(lambda: defaultdict(list))
    # The site is built afresh, to be read and rolled back: existing content is set aside
    # inside the transaction and comes back with the rollback.
    with transaction.atomic():
        Page.objects.filter(depth=2).delete()
        for model in (Organisation, Topic, Country, MailingList):
            model.objects.all().delete()
        source = Locale.get_default()
        taxonomy = create_taxonomy(source)
        demo = create_site(source, taxonomy, user=None)
        for instance, codes in translation_plan(demo, taxonomy, languages):
            _source, segments = source_segments(instance)
            where = f"{instance._meta.label} {instance}"
            for segment in segments:
                for code in codes:
                    strings[code][segment.string.data].append(f"{where}: {field_path(segment)}")
        transaction.set_rollback(True)
    return strings


def update_catalogues(languages=None, directory=TRANSLATIONS_DIR):
    """Write each language's catalogue: every current source string, keeping translations made.

    Returns {language: number of untranslated strings}.
    """
    if languages is None:
        languages = [code for code in content_language_codes() if code != settings.LANGUAGE_CODE]
    untranslated = {}
    for code, strings in source_strings(languages).items():
        path = catalogue_path(code, directory)
        previous = polib.pofile(str(path)) if path.exists() else polib.POFile()
        translated = {entry.msgid: entry.msgstr for entry in previous if not entry.obsolete}
        catalogue = polib.POFile(wrapwidth=100)
        catalogue.metadata = previous.metadata or {
            "Project-Id-Version": "demo content",
            "Language": code,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        for msgid, occurrences in strings.items():
            catalogue.append(
                polib.POEntry(msgid=msgid, msgstr=translated.get(msgid, ""), comment="\n".join(occurrences))
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(path))
        untranslated[code] = len(catalogue.untranslated_entries())
    return untranslated
