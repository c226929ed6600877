"""Build the demo site once: taxonomy, pages and their translations, in one transaction."""

from django.db import transaction

from wagtail.models import Locale

from demo.network import fill_network_settings
from demo.pages import attach_report_documents
from demo.site import create_site
from demo.taxonomy import create_taxonomy
from demo.translation import catalogue_languages, load_catalogue, translate
from home.models import HomePage

# The articles translated by hand, and the languages they, the newsletter issue and the taxonomy
# are translated into; the home page, the sections (the newsletter archive among them), the
# mailing lists and the network's own pages (About, the library's report, ...) are translated into
# every language with a catalogue.
TRANSLATED_ARTICLES = ["joint-action-news", "bnld-project", "serbia-conference"]
ARTICLE_LANGUAGES = ["sq", "mk", "sr-latn", "ar"]


def site_has_content():
    return HomePage.objects.exists()


def translation_plan(demo, taxonomy, languages):
    """Yield (object, language codes) in an order that translates parents before children."""
    article_languages = [code for code in ARTICLE_LANGUAGES if code in languages]
    for page in [demo.home, *demo.sections.values()]:
        yield page, list(languages)
    for snippet in taxonomy.all():
        yield snippet, article_languages
    for mailing_list in demo.mailing_lists.values():
        yield mailing_list, list(languages)
    for key in TRANSLATED_ARTICLES:
        yield demo.articles[key], article_languages
    for campaign in demo.campaigns.values():
        yield campaign, article_languages
    for issue in demo.issues.values():
        yield issue, article_languages
    for page in demo.pages.values():
        yield page, list(languages)


@transaction.atomic
def load_demo(user):
    """Build the demo unless the site already has a home page; return the Demo, or None."""
    if site_has_content():
        return None
    source = Locale.get_default()
    taxonomy = create_taxonomy(source)
    demo = create_site(source, taxonomy, user)
    fill_network_settings()
    locales = {locale.language_code: locale for locale in Locale.objects.exclude(pk=source.pk)}
    catalogues = {code: load_catalogue(code) for code in catalogue_languages() if code in locales}
    # Before translating: translations copy the report's documents.
    attach_report_documents(demo.pages["report"], catalogues)
    for instance, codes in translation_plan(demo, taxonomy, catalogues):
        for code in codes:
            translate(instance, locales[code], catalogues[code], user)
    return demo
