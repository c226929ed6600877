import time

import pytest

from wagtail.models import Locale, ReferenceIndex

from home.background import MODEL_REFERENCE, dump_arguments, load_arguments
from home.models import HomePage
from tests.factories import ListingPageFactory, NewsPageFactory, build_site


@pytest.mark.django_db
def test_model_instances_travel_as_references_and_come_back_as_rows():
    locale = Locale.objects.get(language_code="sq")

    sent = dump_arguments([locale, {"page_index": 3}])

    assert sent == [{MODEL_REFERENCE: "wagtailcore.locale", "pk": locale.pk}, {"page_index": 3}]
    assert load_arguments(sent) == [locale, {"page_index": 3}]


def test_unsaved_objects_are_refused_when_the_job_is_enqueued():
    with pytest.raises(TypeError, match="unsaved Locale"):
        dump_arguments(Locale(language_code="sq"))


@pytest.mark.django_db
def test_wagtails_reference_index_is_updated_through_celery(site, django_capture_on_commit_callbacks):
    news = NewsPageFactory(parent=ListingPageFactory(parent=site["en"]))
    home = site["en"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        home.featured_items.create(page=news)
        home.save_revision().publish()

    assert callbacks, "the task was not deferred until the transaction committed"
    assert ReferenceIndex.objects.filter(object_id=str(home.pk), to_object_id=str(news.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_wagtail_localize_jobs_run_on_a_celery_worker(celery_worker):
    from wagtail_localize.models import LocaleSynchronization

    homes = build_site()
    homes["de"].delete()

    # Saving a synchronisation makes wagtail-localize enqueue its tree sync with Locale objects.
    LocaleSynchronization.objects.create(
        locale=Locale.objects.get(language_code="de"), sync_from=Locale.objects.get(language_code="en")
    )

    deadline = time.monotonic() + 15
    while not HomePage.objects.filter(locale__language_code="de").exists():
        assert time.monotonic() < deadline, "the worker did not synchronise the German tree"
        time.sleep(0.1)
