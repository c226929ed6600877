"""Anonymous readers get pages from the cache; any change to what a page shows is on the next view.

The page cache (home/caching.py) keeps pages in the test's Redis. Each change is made as an
editor or a signer makes it, committed (on-commit callbacks run), then the page is read again.
"""

import pytest
import wagtail_factories

from django.core.cache import cache, caches
from django.urls import reverse

from wagtail.models import Locale, Page, PageViewRestriction

from campaigns.signing import erase
from tests.campaigns.helpers import sign_url, signature_data, signed
from tests.content import build_content, translate
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CountryFactory,
    ListingPageFactory,
    publish_details,
)
from tests.html import parse
from tests.newsletter.factories import build_issue

CACHE_STATUS = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change does once committed, as in production: `with committed(): change()`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def pages(site):
    """Published pages of every type, the news item also in German: {name: page}."""
    content = build_content(site)
    index = CampaignIndexPageFactory(parent=site["en"])
    campaign = CampaignPageFactory(parent=index, title="Defend civic space", signature_target=100)
    issue = build_issue(site, languages={})["en"]
    translate(content.listing, "de")
    translate(content.news, "de")
    return {
        "content": content,
        "campaign index": index,
        "campaign": campaign,
        "issue": issue,
    }


def urls_of_every_kind(pages):
    content = pages["content"]
    return {
        "home": "/en/",
        "home in Arabic": "/ar/",
        "listing": content.listing.url,
        "news item": content.news.url,
        "news item in German": "/de/news/second-national-conference/",
        "event": content.event.url,
        "campaign index": pages["campaign index"].url,
        "campaign": pages["campaign"].url,
        "newsletter archive": pages["issue"].get_parent().url,
        "newsletter issue": pages["issue"].url,
        "sitemap index": reverse("sitemap"),
        "German sitemap": reverse("sitemap_section", kwargs={"section": "de"}),
        "feed": "/en/feed/",
        "feed in German": "/de/feed/",
    }


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


@pytest.mark.django_db
def test_every_kind_of_page_comes_from_the_cache_on_the_second_anonymous_view(client, page_cache, pages):
    for name, url in urls_of_every_kind(pages).items():
        first = read(client, url)
        second = read(client, url)

        assert first[CACHE_STATUS] == "miss", name
        assert second[CACHE_STATUS] == "hit", name
        assert second.content == first.content, name


@pytest.mark.django_db
def test_a_signed_in_editor_always_gets_a_fresh_page_and_leaves_nothing_in_the_cache(
    client, page_cache, pages, admin_user
):
    news = pages["content"].news
    read(client, news.url)
    editor = admin_user
    client.force_login(editor)

    seen = read(client, news.url)

    assert seen[CACHE_STATUS] == "skip"
    assert "no-store" in seen["Cache-Control"] and "private" in seen["Cache-Control"]
    assert "public" not in seen["Cache-Control"]
    client.logout()
    page_cache.clear()
    client.force_login(editor)
    read(client, news.url)
    client.logout()
    assert read(client, news.url)[CACHE_STATUS] == "miss", "the editor's view was not kept"


@pytest.mark.django_db
def test_a_kept_page_is_answered_without_a_query_and_with_the_headers_it_was_rendered_with(
    client, page_cache, pages, django_assert_num_queries
):
    for name, url in urls_of_every_kind(pages).items():
        first = read(client, url)
        with django_assert_num_queries(0):
            second = read(client, url)

        assert second[CACHE_STATUS] == "hit", name
        for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "X-Frame-Options",
                       "X-Content-Type-Options", "Referrer-Policy", "ETag", "Last-Modified"):  # fmt: skip
            assert second.get(header) == first.get(header), (name, header)


@pytest.mark.django_db
def test_readers_with_analytics_cookies_or_a_form_token_share_the_kept_page(client, page_cache, pages):
    url = pages["content"].news.url
    read(client, url)
    client.cookies["_ga"] = "GA1.2.1234.5678"
    client.cookies["csrftoken"] = "a" * 32

    assert read(client, url)[CACHE_STATUS] == "hit"


@pytest.mark.django_db
def test_campaign_tracking_parameters_share_the_kept_page_and_other_parameters_do_not(
    client, page_cache, pages
):
    url = pages["content"].listing.url
    read(client, url)

    assert read(client, f"{url}?utm_source=newsletter&fbclid=abc")[CACHE_STATUS] == "hit"
    assert read(client, f"{url}?page=1")[CACHE_STATUS] == "miss"
    assert read(client, f"{url}?page=1&utm_medium=email")[CACHE_STATUS] == "hit"


@pytest.mark.django_db
def test_a_page_is_rendered_when_the_page_cache_cannot_be_reached(client, pages, settings):
    settings.WAGTAIL_CACHE = True
    nothing_listens = "redis://127.0.0.1:1/0"
    settings.CACHES = {**settings.CACHES, "pages": {**settings.CACHES["pages"], "LOCATION": nothing_listens}}

    seen = read(client, pages["content"].news.url)

    assert pages["content"].news.title.encode() in seen.content
    assert seen[CACHE_STATUS] == "skip"


def titles_listed(client, url):
    return {heading.get_text(strip=True) for heading in parse(read(client, url)).select("main h2, main h3")}


@pytest.mark.django_db
def test_publishing_a_change_shows_on_the_page_and_on_the_pages_listing_it(
    client, page_cache, pages, committed
):
    content = pages["content"]
    read(client, content.news.url)
    assert "Second National Conference in Serbia" in titles_listed(client, content.listing.url)

    with committed():
        news = content.news.specific
        news.title = "Third National Conference in Serbia"
        news.save_revision().publish()

    assert (
        "Third National Conference in Serbia" in parse(read(client, content.news.url)).find("h1").get_text()
    )
    listed = titles_listed(client, content.listing.url)
    assert "Third National Conference in Serbia" in listed
    assert "Second National Conference in Serbia" not in listed


@pytest.mark.django_db
def test_an_unpublished_page_is_gone_at_once_in_every_language(client, page_cache, pages, committed):
    content = pages["content"]
    german = "/de/news/second-national-conference/"
    for url in (content.news.url, german, content.listing.url):
        read(client, url)

    with committed():
        content.news.specific.unpublish()
        Page.objects.get(
            url_path__endswith="/second-national-conference/", locale__language_code="de"
        ).unpublish()

    read(client, content.news.url, status=404)
    read(client, german, status=404)
    assert "Second National Conference in Serbia" not in titles_listed(client, content.listing.url)


@pytest.mark.django_db
def test_a_page_made_private_is_no_longer_shown_to_anonymous_readers(client, page_cache, pages, committed):
    content = pages["content"]
    read(client, content.news.url)
    listed = titles_listed(client, content.listing.url)
    assert "Second National Conference in Serbia" in listed

    with committed():
        PageViewRestriction.objects.create(
            page=content.news, restriction_type=PageViewRestriction.PASSWORD, password="members only"
        )

    private = client.get(content.news.url)
    assert b"Panellists on stage" not in private.content, "the page's own content is still shown"
    assert b"password" in private.content.lower()
    assert "Second National Conference in Serbia" not in titles_listed(client, content.listing.url)

    with committed():
        PageViewRestriction.objects.filter(page=content.news).delete()

    assert read(client, content.news.url)[CACHE_STATUS] == "miss"


@pytest.mark.django_db
def test_a_moved_page_is_at_its_new_address_only(client, page_cache, pages, committed):
    content = pages["content"]
    old_url = content.news.url
    archive = ListingPageFactory(parent=pages["content"].homes["en"], title="Archive", slug="archive")
    read(client, old_url)
    read(client, archive.url)

    with committed():
        content.news.specific.move(archive, pos="last-child")

    assert read(client, old_url, status=301)["Location"] == "/en/archive/second-national-conference/"
    assert read(client, "/en/archive/second-national-conference/")[CACHE_STATUS] == "miss"
    assert "Second National Conference in Serbia" in titles_listed(client, archive.url)


@pytest.mark.django_db
def test_a_deleted_page_is_gone_at_once(client, page_cache, pages, committed):
    content = pages["content"]
    read(client, content.event.url)
    read(client, content.listing.url)

    with committed():
        content.event.specific.delete()

    read(client, content.event.url, status=404)
    assert "Regional Workshop on Civic Space" not in titles_listed(client, content.listing.url)


@pytest.mark.django_db
def test_publishing_a_translation_links_it_from_every_language_at_once(client, page_cache, pages, committed):
    project = pages["content"].project
    before = parse(read(client, project.url))
    assert before.find("link", hreflang="de") is None

    with committed():
        translate(project, "de")

    after = parse(read(client, project.url))
    assert after.find("link", hreflang="de")["href"].endswith("/de/news/smart-balkans/")
    assert read(client, "/de/news/smart-balkans/").status_code == 200


def country_names(client, url):
    return parse(read(client, url)).find("main").get_text(" ", strip=True)


@pytest.mark.django_db
def test_a_new_albanian_tagline_shows_on_the_next_anonymous_view_in_albanian(
    client, page_cache, pages, committed
):
    english = pages["content"].homes["en"]
    with committed():
        publish_details(english, tagline="Civil society, stronger together")
        translate(english, "sq", {"Civil society, stronger together": "Shoqëria civile, së bashku"})
    read(client, "/sq/")
    kept = read(client, "/sq/")
    assert kept[CACHE_STATUS] == "hit"
    assert "Shoqëria civile, së bashku" in kept.text

    with committed():
        translate(english, "sq", {"Civil society, stronger together": "Shoqëria civile, më e fortë"})

    albanian = read(client, "/sq/")
    assert "Shoqëria civile, më e fortë" in albanian.text
    assert "Shoqëria civile, më e fortë" in read(client, "/sq/feed/").text
    assert "Civil society, stronger together" in read(client, "/en/").text


@pytest.mark.django_db
def test_renaming_a_country_shows_on_every_page_naming_it_in_every_language(
    client, page_cache, pages, committed
):
    content = pages["content"]
    german_news = "/de/news/second-national-conference/"
    translate(content.kosovo, "de")
    assert "Kosovo" in country_names(client, content.event.url)
    assert "[de] Kosovo" in country_names(client, german_news)

    with committed():
        content.kosovo.name = "Kosova"
        content.kosovo.save()
        german = content.kosovo.get_translation(Locale.objects.get(language_code="de"))
        german.name = "Kosovo (de)"
        german.save()

    assert "Kosova" in country_names(client, content.event.url)
    assert "Kosovo (de)" in country_names(client, german_news)


def logos(client, url):
    return [img["src"] for img in parse(read(client, url)).select("img.organisation__logo")]


@pytest.mark.django_db
def test_a_new_logo_for_an_organisation_shows_at_once(client, page_cache, pages, committed):
    content = pages["content"]
    before = logos(client, content.project.url)
    assert len(before) == 1

    with committed():
        content.funder.logo = wagtail_factories.ImageFactory(title="New funder logo")
        content.funder.save()

    after = logos(client, content.project.url)
    assert len(after) == 1 and after != before


def count_shown(client, url):
    return parse(read(client, url)).find("progress", class_="campaign-progress__bar")["value"]


@pytest.mark.django_db
def test_a_confirmed_signature_counts_at_once_on_the_campaign_and_its_cards(
    client, page_cache, pages, committed
):
    campaign, index = pages["campaign"], pages["campaign index"]
    assert count_shown(client, campaign.url) == "0"
    assert count_shown(client, index.url) == "0"

    with committed():
        albania = CountryFactory(name="Albania", code="AL")
        signed(campaign, "ana@example.org", albania, name="Ana Hoxha", show_name=True)

    assert count_shown(client, campaign.url) == "1"
    assert count_shown(client, index.url) == "1"
    assert "Ana Hoxha" in read(client, campaign.url).content.decode()

    with committed():
        erase("ana@example.org")

    assert "Ana Hoxha" not in read(client, campaign.url).content.decode()


@pytest.mark.django_db
def test_a_draft_leaves_the_cached_page_alone(client, page_cache, pages, committed):
    news = pages["content"].news.specific
    read(client, news.url)

    with committed():
        news.title = "Not yet"
        news.save_revision()

    seen = read(client, news.url)
    assert seen[CACHE_STATUS] == "hit"
    assert b"Not yet" not in seen.content


@pytest.mark.django_db
def test_a_shared_page_tells_caches_to_keep_it_and_browsers_to_check_back(
    client, page_cache, pages, settings
):
    settings.PAGE_CACHE_SHARED_SECONDS = 900
    settings.PAGE_CACHE_STALE_SECONDS = 30
    for name, url in urls_of_every_kind(pages).items():
        for response in (read(client, url), read(client, url)):  # rendered, then from the cache
            control = {part.strip() for part in response["Cache-Control"].split(",")}
            assert control == {"public", "max-age=0", "s-maxage=900", "stale-while-revalidate=30"}, name
            assert "cookie" not in response.get("Vary", "").lower(), name
            assert response.cookies == {}, name
            assert response["ETag"] and response["Last-Modified"], name
            assert not response.has_header("Expires"), name


@pytest.mark.django_db
def test_a_page_not_changed_since_the_readers_copy_is_a_304(client, page_cache, pages):
    url = pages["content"].news.url
    first = read(client, url)

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == by_date.content == b""
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.django_db
def test_a_page_changed_since_the_readers_copy_is_sent_again(client, page_cache, pages, committed):
    news = pages["content"].news.specific
    first = read(client, news.url)

    with committed():
        news.title = "Third National Conference in Serbia"
        news.save_revision().publish()

    again = client.get(news.url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_a_form_shown_again_after_a_post_is_private_to_its_sender(client, page_cache, pages, settings):
    settings.FORM_MIN_SECONDS = 0
    campaign = pages["campaign"]
    albania = CountryFactory(name="Albania", code="AL")
    refused = client.post(sign_url(campaign), signature_data("not an address", albania))
    assert refused.status_code == 400
    assert "private" in refused["Cache-Control"] or "no-store" in refused["Cache-Control"]
    assert "public" not in refused["Cache-Control"]
    assert read(client, campaign.url)[CACHE_STATUS] == "miss", "the form shown again was not kept"


@pytest.mark.django_db
def test_emptying_the_page_cache_keeps_the_rest_of_the_cache(client, page_cache, site):
    cache.set("signing-attempts-per-ip:203.0.113.9", 3)
    read(client, "/en/")
    assert read(client, "/en/")[CACHE_STATUS] == "hit"

    page_cache.clear()

    assert cache.get("signing-attempts-per-ip:203.0.113.9") == 3
    assert read(client, "/en/")[CACHE_STATUS] == "miss"


@pytest.mark.django_db
def test_a_superuser_can_empty_the_page_cache_from_the_admin(client, admin_client, page_cache, site):
    read(client, "/en/")
    assert read(client, "/en/")[CACHE_STATUS] == "hit"

    assert admin_client.get("/admin/cache/").status_code == 200
    assert admin_client.get("/admin/cache/clearcache").status_code == 302

    assert read(client, "/en/")[CACHE_STATUS] == "miss"
