"""A translator's dashboard: never translated, out of date (and what changed), in progress, deadlines."""

import datetime
import re

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Locale

from newsletter.sending import planning
from tests.factories import TopicFactory
from tests.newsletter.factories import MailingListFactory, SubscriberFactory, build_issue
from tests.translators.conftest import start_translation, translate_all
from translators.deadlines import HOOK_NAME, translation_deadlines
from translators.review import approve, submit_for_review


def dashboard(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def counts(html, code="sq"):
    section = html[html.index(f'id="translations-{code}-section"') :]
    return {
        name: int(value)
        for name, value in re.findall(
            r'data-count="([a-z-]+)">(\d+)<', section[: section.index("</section>")]
        )
    }


def publish_with_heading(page, heading, django_capture_on_commit_callbacks):
    page = page.specific
    page.body[0].value["text"] = heading
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


@pytest.mark.django_db
def test_the_counts_follow_the_work_from_untranslated_to_out_of_date(
    news, translator, reviewer, django_capture_on_commit_callbacks
):
    TopicFactory(name="Civic space")

    # The news listing, the news item and the topic have never been translated into Albanian.
    assert counts(dashboard(translator)) == {
        "untranslated": 3,
        "outdated": 0,
        "in-progress": 0,
        "deadlines": 0,
    }

    with django_capture_on_commit_callbacks(execute=True):
        translation = start_translation(news, "sq", user=translator)
    html = dashboard(translator)
    # wagtail-localize put an alias of the listing in the Albanian tree: still untranslated.
    assert counts(html) == {"untranslated": 2, "outdated": 0, "in-progress": 1, "deadlines": 0}
    assert "0 of 7 strings translated" in html

    translate_all(translation)
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(translation, translator)
    html = dashboard(translator)
    assert counts(html)["in-progress"] == 1
    assert "In review" in html

    with django_capture_on_commit_callbacks(execute=True):
        approve(translation, reviewer)
    assert counts(dashboard(translator)) == {
        "untranslated": 2,
        "outdated": 0,
        "in-progress": 0,
        "deadlines": 0,
    }

    publish_with_heading(news, "Why civic space matters in 2024", django_capture_on_commit_callbacks)

    html = dashboard(translator)
    assert counts(html) == {"untranslated": 2, "outdated": 1, "in-progress": 0, "deadlines": 0}
    outdated = html[html.index('data-list="outdated"') :]
    assert "<q>Why civic space matters in 2024</q>" in outdated[: outdated.index("</ul>")]

    # The translator translates the new heading and resubmits: no longer out of date, in review.
    translate_all(translation, prefix="SQ2")
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(translation, translator)
    assert counts(dashboard(translator)) == {
        "untranslated": 2,
        "outdated": 0,
        "in-progress": 1,
        "deadlines": 0,
    }


@pytest.mark.django_db
def test_republishing_without_changing_the_text_makes_nothing_out_of_date(
    news, translator, reviewer, django_capture_on_commit_callbacks
):
    translation = start_translation(news, "sq", user=translator)
    translate_all(translation)
    submit_for_review(translation, translator)
    with django_capture_on_commit_callbacks(execute=True):
        approve(translation, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        news.specific.save_revision().publish()

    assert counts(dashboard(translator))["outdated"] == 0


@pytest.mark.django_db
def test_the_dashboard_shows_other_languages_nothing_and_other_staff_no_panel(
    news, teams, make_user, translator
):
    start_translation(news, "sq", user=translator)
    german = make_user("greta", teams["de"].translators)
    editor = make_user("editor", is_superuser=True)

    assert counts(dashboard(german), "de")["in-progress"] == 0
    assert 'id="translations-sq"' not in dashboard(german)
    assert "translator-workload" not in dashboard(editor)


@pytest.mark.django_db
def test_other_apps_add_deadlines_through_a_hook(translator, site):
    deadline = timezone.now() + datetime.timedelta(days=2)

    def newsletter_waiting(locale):
        if locale.language_code != "sq":
            return []
        return [{"title": "Newsletter, June issue", "deadline": deadline, "url": "/admin/pages/1/edit/"}]

    with hooks.register_temporarily(HOOK_NAME, newsletter_waiting):
        html = dashboard(translator)
        assert [item.title for item in translation_deadlines(Locale.objects.get(language_code="de"))] == []

    assert counts(html)["deadlines"] == 1
    deadlines = html[html.index('data-list="deadlines"') :]
    assert '<a href="/admin/pages/1/edit/">Newsletter, June issue</a>' in deadlines
    assert "waiting for shqip before" in deadlines


@pytest.mark.django_db
def test_a_scheduled_newsletter_send_waits_for_the_languages_it_reaches(translator, teams, make_user, site):
    german = make_user("greta", teams["de"].translators)
    issues = build_issue(site, languages=["en"], drafts=["de"])
    monday = timezone.now() + datetime.timedelta(days=3)
    readers = MailingListFactory()
    SubscriberFactory(language="de", lists=[readers])
    planning.create_send(issues["en"], [readers], scheduled_at=monday)

    albanian = dashboard(translator)
    assert counts(albanian)["deadlines"] == 1
    deadlines = albanian[albanian.index('data-list="deadlines"') :]
    # No Albanian translation yet: the link starts one.
    start_url = reverse("wagtail_localize:submit_page_translation", args=[issues["en"].pk])
    assert f'<a href="{start_url}?select_locale=sq">{issues["en"].title}</a>' in deadlines
    # The German draft is there: the link opens it.
    edit_url = reverse("wagtailadmin_pages:edit", args=[issues["de"].pk])
    assert f'href="{edit_url}"' in dashboard(german)

    issues["de"].save_revision().publish()
    assert counts(dashboard(german), "de")["deadlines"] == 0


@pytest.mark.django_db
def test_a_send_that_leaves_a_language_out_does_not_wait_for_it(translator, site):
    issues = build_issue(site, languages=["en"])
    monday = timezone.now() + datetime.timedelta(days=3)
    readers = MailingListFactory()
    SubscriberFactory(language="de", lists=[readers])
    planning.create_send(issues["en"], [readers], languages=["de"], scheduled_at=monday)
    planning.create_send(issues["en"], [readers])  # Sending now: too late to wait.

    assert counts(dashboard(translator))["deadlines"] == 0


@pytest.mark.django_db
def test_a_provider_returning_something_else_is_named_in_the_error(site):
    def broken(locale):
        return [{"title": "June issue", "deadline": datetime.datetime(2030, 6, 1)}]

    with (
        hooks.register_temporarily(HOOK_NAME, broken),
        pytest.raises(ImproperlyConfigured, match="broken gave the deadline .* give an aware datetime"),
    ):
        translation_deadlines(Locale.objects.get(language_code="sq"))


@pytest.mark.django_db
def test_a_reworded_source_snippet_puts_its_translation_out_of_date(
    translator, site, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Civic space", description="Freedom to associate.")
    translation = start_translation(topic, "sq")
    translate_all(translation)
    translation.save_target()

    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert counts(dashboard(translator))["outdated"] == 0

    topic.description = "Freedom to associate and to assemble."
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()

    html = dashboard(translator)
    assert counts(html)["outdated"] == 1
    assert "<q>Freedom to associate and to assemble.</q>" in html
    edit_url = reverse(
        "wagtailsnippets_home_topic:edit", args=[topic.get_translation(translation.target_locale).pk]
    )
    assert f'href="{edit_url}"' in html


@pytest.mark.django_db
def test_the_workload_takes_as_many_queries_for_many_items_as_for_one(
    site, translator, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ListingPageFactory, NewsPageFactory
    from translators.workload import workload

    listing = ListingPageFactory(parent=site["en"], slug="news")
    albanian = Locale.objects.get(language_code="sq")

    def add_outdated_translation(number):
        page = NewsPageFactory(parent=listing, slug=f"item-{number}", body=[("heading", {"text": "Old"})])
        page.save_revision().publish()
        translation = start_translation(page, "sq")
        translate_all(translation)
        translation.save_target()
        publish_with_heading(page, f"New {number}", django_capture_on_commit_callbacks)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            load = workload(albanian)
        return len(captured), load

    add_outdated_translation(1)
    one, load = queries()
    assert load.outdated_count == 1
    for number in range(2, 6):
        add_outdated_translation(number)
    many, load = queries()
    assert load.outdated_count == 5

    assert many == one
