import pytest

from tests.content import translate
from tests.factories import OrganisationFactory, TopicFactory


@pytest.mark.django_db
def test_a_sync_carries_the_sources_new_classification_to_existing_translations(content):
    albanian = translate(content.project, "sq")
    new_topic = TopicFactory(name="Good governance", slug="good-governance")
    new_funder = OrganisationFactory(name="Swedish International Development Cooperation Agency")

    content.project.topics.add(new_topic)
    content.project.funders.add(new_funder)
    content.project.save_revision().publish()
    # What "Sync translated pages" does in the admin.
    albanian = translate(content.project, "sq")

    assert new_topic in albanian.topics.all()
    assert new_funder in albanian.funders.all()


@pytest.mark.django_db
def test_a_sync_carries_the_events_new_country_to_existing_translations(content):
    translate(content.event, "sq")

    content.event.country = content.kosovo
    content.event.save_revision().publish()
    albanian = translate(content.event, "sq")

    assert albanian.country == content.kosovo


@pytest.mark.django_db
def test_an_all_day_flag_reaches_existing_translations(content):
    translate(content.event, "sq")

    content.event.all_day = True
    content.event.save_revision().publish()
    albanian = translate(content.event, "sq")

    assert albanian.all_day
    assert albanian.first_day == content.event.first_day
