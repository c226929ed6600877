"""One rule picks the translation a reader gets, wherever the site shows another page or a snippet:
the first along their language's fallback chain (Montenegrin reads Serbian (Latin), then English)."""

import pytest

from campaigns.models import Campaign
from home.localization import in_language, localize_all, localize_pages, localize_relations_of, nearest
from tests.content import translate
from tests.factories import CampaignIndexPageFactory, CampaignPageFactory, TopicFactory, publish_translation
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def test_the_rule_takes_the_first_language_of_the_chain_that_has_a_translation():
    translations = {"en": "English", "sr-latn": "Serbian (Latin)", "de": "German"}

    assert nearest(translations, "cnr") == "Serbian (Latin)"
    assert nearest(translations, "de") == "German"
    assert nearest(translations, "mk") == "English"
    assert nearest({"de": "German"}, "mk") is None


def test_snippets_and_pages_follow_the_chain(content):
    topic = TopicFactory(name="Civic space")
    serbian_topic = translate(topic, "sr-latn", {"Civic space": "Građanski prostor"})
    translate(content.listing, "sr-latn")
    serbian_news = translate(content.news, "sr-latn")

    assert localize_all([topic], "cnr") == [serbian_topic]
    assert [page.pk for page in localize_pages([content.news], "cnr")] == [serbian_news.pk]
    assert [page.pk for page in in_language(type(content.news).objects.all(), "cnr")] == [serbian_news.pk]
    assert [page.pk for page in localize_pages([content.news], "mk")] == [content.news.pk]


def test_the_home_pages_featured_items_follow_the_chain(client, content):
    home = content.homes["en"]
    home.featured_items.create(page=content.news)
    home.save_revision().publish()
    translate(content.listing, "sr-latn")
    translate(content.news, "sr-latn", {content.news.title: "Druga nacionalna konferencija u Srbiji"})
    montenegrin_home = translate(home, "cnr")

    html = parse(client.get(montenegrin_home.url))

    card = html.find("section", attrs={"aria-labelledby": "featured-heading"}).find("article")
    assert text(card.find(class_="card__title")) == "Druga nacionalna konferencija u Srbiji"
    assert card.find(class_="card__link")["lang"] == "sr-latn"
    assert card.find(class_="fallback-language").bdi["lang"] == "sr-latn"


def test_a_campaigns_title_follows_the_chain(site):
    page = CampaignPageFactory(parent=CampaignIndexPageFactory(parent=site["en"]), title="Defend civic space")
    publish_translation(page, "sr-latn", title="Odbranite građanski prostor")
    campaign = Campaign.objects.get(translation_key=page.translation_key)

    assert Campaign.objects.with_titles("cnr").get(pk=campaign.pk).title == "Odbranite građanski prostor"
    assert Campaign.objects.with_titles("mk").get(pk=campaign.pk).title == "Defend civic space"
    assert campaign.page_in("cnr").title == "Odbranite građanski prostor"


def test_a_cards_topics_and_countries_follow_the_chain_in_the_order_of_their_names(client, content):
    media = TopicFactory(name="Media", slug="media")
    content.news.topics.add(media)
    content.news.countries.set([content.serbia])
    content.news.save_revision().publish()
    translate(content.topic, "sr-latn", {"Civic space": "Građanski prostor"})
    translate(content.serbia, "sr-latn", {"Serbia": "Srbija"})
    translate(content.listing, "sr-latn")
    montenegrin_listing = translate(content.listing, "cnr")

    html = parse(client.get(montenegrin_listing.url))

    card = next(card for card in html.find_all("article") if "Second National" in text(card))
    # Serbian for the Montenegrin reader where there is Serbian; the rest as it was written.
    assert [text(tag) for tag in card.find_all(class_="tag")] == ["Građanski prostor", "Media", "Srbija"]


def test_a_preview_shows_the_topics_chosen_in_the_editor_before_they_are_saved(content):
    media = TopicFactory(name="Media", slug="media")
    content.news.topics.set([media])
    content.news.countries.set([content.serbia])

    html = parse(content.news.make_preview_request())

    tags = html.find(class_="article__classification").find_all(class_="tag")
    assert [text(tag) for tag in tags] == ["Media", "Serbia"]


def test_relations_are_localized_for_instances_given_once_as_a_generator(content):
    # A vocabulary (topics) and another snippet (organisations) of the same instances, read once.
    localize_relations_of([((page for page in [content.project]), ("topics", "funders"))], "en")

    assert [topic.name for topic in content.project.localized_topics] == ["Civic space"]
    assert [str(funder) for funder in content.project.localized_funders] == [str(content.funder)]
