"""The publications library: its page types, documents per language, and its filters."""

import pytest

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from news.models import ListingPage, NewsPage, PublicationDocument, PublicationLibraryPage, PublicationPage
from tests.content import document, library_with_publications, translate
from tests.factories import build_site
from tests.html import parse, text


@pytest.fixture
def library(site):
    return library_with_publications(site)


class PublicationPageTypesTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.homes = build_site()
        cls.library, cls.report, cls.brief = library_with_publications(cls.homes)

    def test_a_library_sits_below_a_home_page_and_holds_only_publications(self):
        self.assertCanCreateAt(HomePage, PublicationLibraryPage)
        self.assertAllowedSubpageTypes(PublicationLibraryPage, {PublicationPage})
        self.assertAllowedParentPageTypes(PublicationPage, {PublicationLibraryPage})
        self.assertCanNotCreateAt(ListingPage, PublicationPage)
        self.assertCanNotCreateAt(PublicationLibraryPage, NewsPage)

    def test_staff_create_a_publication_with_a_document_per_language(self):
        self.login()
        english, albanian = document("brief-en"), document("brief-sq")

        self.assertCanCreate(
            self.library,
            PublicationPage,
            nested_form_data(
                {
                    "title": "Civic space in 2024",
                    "publication_type": "policy_brief",
                    "date": "2024-02-01",
                    "lead": "Three findings.",
                    "body": streamfield([("paragraph", rich_text("<p>Findings.</p>"))]),
                    "documents": inline_formset(
                        [
                            {"document": english.pk, "language": "en"},
                            {"document": albanian.pk, "language": "sq"},
                        ]
                    ),
                    "related_pages": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )

        created = PublicationPage.objects.get(slug="civic-space-in-2024")
        assert [(row.document_id, row.language) for row in created.documents.all()] == [
            (english.pk, "en"),
            (albanian.pk, "sq"),
        ]

    def test_the_library_and_its_publications_render_edit_and_preview(self):
        self.assertPageIsEditable(self.library)
        self.assertPageIsPreviewable(self.library)
        for page in (self.library, self.report, self.brief):
            self.assertPageIsRenderable(page)
        # Their bodies are StreamFields, which the assertions cannot fill from the editor's HTML.
        for page in (self.report, self.brief):
            self.assertEqual(page.make_preview_request().status_code, 200)


@pytest.mark.django_db
def test_two_documents_in_one_language_are_refused_and_nothing_changes(admin_client, library):
    _library, report, _brief = library
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    rows = list(report.documents.all())

    response = admin_client.post(
        url,
        nested_form_data(
            {
                "title": report.title,
                "slug": report.slug,
                "publication_type": "report",
                "date": "2023-01-15",
                "lead": report.lead,
                "body": streamfield([]),
                "documents": inline_formset(
                    [{"id": row.pk, "document": row.document_id, "language": "en"} for row in rows],
                    initial=len(rows),
                ),
                "related_pages": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )

    assert response.status_code == 200
    assert "Please correct the duplicate data for publication and language" in response.content.decode()
    assert sorted(report.documents.values_list("language", flat=True)) == ["en", "sq", "sr-latn"]


def download_links(html):
    section = html.find("section", class_="publication-documents")
    return [(link["hreflang"], text(link)) for link in section.find_all("a")]


@pytest.mark.django_db
def test_readers_are_offered_the_document_in_their_language_first(client, library):
    _library, report, _brief = library
    translate(report.get_parent().specific, "sq")
    albanian = translate(report, "sq")

    english_reader = download_links(parse(client.get(report.url)))
    albanian_reader = download_links(parse(client.get(albanian.url)))

    assert english_reader == [
        ("en", "Download (English)"),
        ("sq", "Shqip"),
        ("sr-latn", "Srpski (latinica)"),
    ]
    assert [code for code, _label in albanian_reader] == ["sq", "en", "sr-latn"]
    assert "Shqip" in albanian_reader[0][1]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "first"), [("cnr", "sr-latn"), ("de", "en"), ("mk", "en")])
def test_a_reader_without_a_document_in_their_language_gets_their_fallbacks_first(library, language, first):
    _library, report, _brief = library

    documents = report.documents_for_reader(language)

    assert documents[0].language == first
    assert sorted(row.language for row in documents) == ["en", "sq", "sr-latn"]


@pytest.mark.django_db
def test_every_translation_offers_the_same_documents(library):
    _library, report, _brief = library
    translate(report.get_parent().specific, "ar")

    arabic = translate(report, "ar")

    assert [(row.document_id, row.language) for row in arabic.documents.all()] == [
        (row.document_id, row.language) for row in report.documents.all()
    ]


@pytest.mark.django_db
def test_a_publication_without_documents_offers_no_download(client, library):
    _library, _report, brief = library

    html = parse(client.get(brief.url))

    assert html.find("section", class_="publication-documents") is None
    assert text(html.find(class_="article__kind")).endswith("· Policy brief")


def card_titles(html):
    return [text(title) for title in html.find_all(class_="card__title")]


@pytest.mark.django_db
def test_the_library_lists_publications_newest_first_with_their_type(client, library):
    library_page, _report, _brief = library

    html = parse(client.get(library_page.url))

    assert card_titles(html) == ["Joint Action for Promoting Civic Space", "Local democracy in brief"]
    assert [text(kind) for kind in html.find_all(class_="card__kind")] == ["Report", "Policy brief"]


@pytest.mark.django_db
def test_the_library_filters_by_type_of_publication_topic_country_and_year(client, library):
    library_page, _report, _brief = library

    html = parse(client.get(library_page.url))
    types = [option["value"] for option in html.find("select", attrs={"name": "type"}).find_all("option")]

    assert types == ["", "report", "policy_brief"]
    for query, expected in [
        ({"type": "policy_brief"}, ["Local democracy in brief"]),
        ({"topic": "civic-space"}, ["Joint Action for Promoting Civic Space"]),
        ({"country": "XK"}, ["Local democracy in brief"]),
        ({"year": "2023"}, ["Joint Action for Promoting Civic Space"]),
        ({"type": "report", "year": "2022"}, []),
    ]:
        assert card_titles(parse(client.get(library_page.url, query))) == expected, query


@pytest.mark.django_db
def test_an_unknown_type_of_publication_is_reported_and_the_other_filters_apply(client, library):
    library_page, _report, _brief = library

    html = parse(client.get(library_page.url, {"type": "novel", "year": "2022"}))

    assert "There is nothing to show for “novel”" in text(html.find("form", class_="filters"))
    assert card_titles(html) == ["Local democracy in brief"]


@pytest.mark.django_db
def test_a_sync_carries_a_document_added_to_the_source_to_existing_translations(library):
    _library, report, _brief = library
    translate(report.get_parent().specific, "mk")
    translate(report, "mk")
    macedonian_document = document("report-mk")

    report.documents.add(PublicationDocument(document=macedonian_document, language="mk"))
    report.save_revision().publish()
    # What "Sync translated pages" does in the admin.
    macedonian = translate(report, "mk")

    assert [row.language for row in macedonian.documents.all()] == ["en", "sq", "sr-latn", "mk"]
    assert macedonian.documents_for_reader("mk")[0].document == macedonian_document
