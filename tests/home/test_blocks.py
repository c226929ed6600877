import pytest
import wagtail_factories

from django.contrib.auth import get_user_model

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_localize.models import Translation, TranslationSource

from home.blocks import TableBlock
from tests.content import translate
from tests.html import parse, text

EMBED_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def body(client, content):
    return parse(client.get(content.news.url)).find(class_="prose")


@pytest.mark.django_db
def test_images_take_their_alternative_text_from_the_description_unless_decorative(body):
    informative, decorative = body.find_all("figure", class_="block-image")

    assert informative.img["alt"] == "Panellists on stage"
    assert decorative.img["alt"] == ""
    assert text(informative.figcaption) == "Participants in Belgrade Photo: Ana M."
    assert text(decorative.figcaption) == "Photo: Ana M."
    assert "srcset" in informative.img.attrs


@pytest.mark.django_db
def test_documents_show_their_type_and_size(body):
    document = body.find(class_="block-document")

    assert text(document.a) == "Annual report"
    assert document.a["href"].endswith(".pdf")
    assert text(document.find(class_="block-document__meta")) == "(PDF, 2.0 KB)"
    assert text(document.find(class_="block-document__description")) == "The full report."


@pytest.mark.django_db
def test_tables_have_a_caption_and_header_cells(body):
    table = body.find("table")

    assert text(table.caption) == "Grants by country"
    assert [(th["scope"], text(th)) for th in table.thead.find_all("th")] == [
        ("col", "Country"),
        ("col", "Grants"),
        ("col", "Note"),
    ]
    assert [text(cell) for cell in table.tbody.tr.find_all("td")] == [
        "Serbia",
        "11",
        "National intervention grants",
    ]
    assert table.tbody.tr.find_all("td")[2].b is not None
    region = table.parent
    assert (region["role"], region["tabindex"], region["aria-label"]) == ("region", "0", "Grants by country")


@pytest.mark.django_db
def test_quotes_are_figures_with_a_blockquote_and_a_caption(body):
    quote = body.find("figure", class_="block-quote")

    assert text(quote.blockquote) == "Civil society helps to prevent the abuse of power."
    assert text(quote.figcaption) == "Eivind Vad Petersson , State Secretary"


@pytest.mark.django_db
def test_an_embed_that_cannot_be_fetched_is_a_link(body):
    embed = body.find("figure", class_="block-embed")

    assert embed.iframe is None
    assert embed.figcaption.a["href"] == EMBED_URL


@pytest.mark.django_db
def test_an_embed_is_responsive_without_inline_styles(client, content):
    Embed.objects.create(
        hash=get_embed_hash(EMBED_URL),
        url=EMBED_URL,
        max_width=None,
        type="video",
        html='<iframe width="200" height="113" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        width=200,
        height=113,
        title="Video",
    )

    embed = parse(client.get(content.news.url)).find("figure", class_="block-embed")

    assert embed.find(class_="embed--responsive").iframe["src"] == "https://www.youtube-nocookie.com/embed/x"
    assert embed.find(style=True) is None


@pytest.mark.django_db
def test_buttons_link_to_a_page_in_the_readers_language(client, content):
    translate(content.listing, "de")
    project_de = translate(content.project, "de")
    content.news.body.append(("button", {"text": "See the project", "page": content.project, "url": ""}))
    content.news.save_revision().publish()
    news_de = translate(content.news, "de")

    buttons = parse(client.get(news_de.url)).find_all("a", class_="button")

    assert [(text(button), button["href"]) for button in buttons[-2:]] == [
        ("[de] Apply now", "https://example.org/apply"),
        ("[de] See the project", project_de.url),
    ]


@pytest.mark.django_db
def test_table_captions_headings_and_text_cells_go_to_translators(content):
    source, _ = TranslationSource.get_or_create_from_instance(content.news)

    strings = {entry.msgid for entry in Translation(source=source, target_locale_id=1).export_po()}

    assert {
        "Grants by country",
        "Country",
        "Grants",
        "Note",
        "Serbia",
        "Montenegro",
        "Regional grants",
    } <= strings
    assert "<b>National</b> intervention grants" in strings
    assert "11" not in strings


@pytest.mark.django_db
def test_a_translated_table_comes_back_translated(client, content):
    translate(content.listing, "mk")
    words = {
        "Grants by country": "Грантови по земја",
        "Country": "Земја",
        "Grants": "Грантови",
        "Serbia": "Србија",
        "<b>National</b> intervention grants": "<b>Национални</b> интервентни грантови",
    }
    news = translate(content.news, "mk", words)

    table = parse(client.get(news.url)).find("table")

    assert text(table.caption) == "Грантови по земја"
    assert [text(th) for th in table.thead.find_all("th")] == ["Земја", "Грантови", "Note"]
    first, second = table.tbody.find_all("tr")
    assert [text(cell) for cell in first.find_all("td")] == [
        "Србија",
        "11",
        "Национални интервентни грантови",
    ]
    assert text(first.find_all("td")[2].b) == "Национални"
    assert [text(cell) for cell in second.find_all("td")] == ["Montenegro", "4", "Regional grants"]
    # The source is untouched.
    assert text(parse(client.get(content.news.url)).find("table").caption) == "Grants by country"


@pytest.mark.django_db
def test_table_segments_round_trip_through_the_block(content):
    block = TableBlock()
    value = block.to_python(
        {
            "caption": "Results",
            "columns": [{"type": "text", "heading": "Name"}, {"type": "number", "heading": "Total"}],
            "rows": [{"values": ["Alpha", "1.5"]}, {"values": ["Beta", None]}],
        }
    )

    segments = block.get_translatable_segments(value)
    translated = [segment.clone() for segment in segments]
    for segment in translated:
        segment.string = type(segment.string).from_plaintext(segment.string.data.upper())
    restored = block.restore_translated_segments(value, translated)

    assert [segment.path for segment in segments] == [
        "caption",
        "heading-0",
        "heading-1",
        "cell-0-0",
        "cell-1-0",
    ]
    assert restored.caption == "RESULTS"
    assert [column["heading"] for column in restored.columns] == ["NAME", "TOTAL"]
    assert [row["values"][0] for row in restored.row_data] == ["ALPHA", "BETA"]
    assert str(restored.row_data[0]["values"][1]) == "1.5"
    assert value.caption == "Results"


@pytest.mark.django_db
def test_translators_can_open_a_page_with_a_table_in_the_editor(client, content):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "password")
    client.force_login(admin)
    translate(content.listing, "sq")
    news = translate(content.news, "sq")

    response = client.get(f"/admin/pages/{news.pk}/edit/")

    assert response.status_code == 200
    assert "Grants by country" in response.content.decode()


@pytest.mark.django_db
def test_the_image_of_a_decorative_block_has_no_caption_when_uncredited(client, site):
    from tests.factories import ListingPageFactory, NewsPageFactory

    image = wagtail_factories.ImageFactory(description="A described image", credit="")
    news = NewsPageFactory(
        parent=ListingPageFactory(parent=site["en"]),
        body=[{"type": "image", "value": {"image": image.pk, "caption": "", "decorative": True}}],
    )

    figure = parse(client.get(news.url)).find("figure", class_="block-image")

    assert figure.img["alt"] == ""
    assert figure.figcaption is None


@pytest.mark.django_db
def test_an_image_block_s_alternative_text_is_translated_with_the_page(client, site):
    from tests.factories import ListingPageFactory, NewsPageFactory

    image = wagtail_factories.ImageFactory(description="Panellists on stage")
    listing = ListingPageFactory(parent=site["en"])
    translate(listing, "sq")
    news = NewsPageFactory(
        parent=listing,
        body=[
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Ten activists with a banner", "decorative": False},
            }
        ],
    )
    albanian = translate(news, "sq", {"Ten activists with a banner": "Dhjetë aktivistë me një banderolë"})

    english = parse(client.get(news.url)).find("figure", class_="block-image")
    translated = parse(client.get(albanian.url)).find("figure", class_="block-image")

    assert english.img["alt"] == "Ten activists with a banner"
    assert translated.img["alt"] == "Dhjetë aktivistë me një banderolë"
