"""Pages in a private section stay out of what the public sees listed, whichever way they are listed."""

import pytest

from wagtail.models import PageViewRestriction

from home.models import StandardPage
from home.visibility import public_q
from tests.content import build_content, publish_child
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="members only"
    )


def test_a_private_page_and_the_pages_below_it_are_not_public_and_the_rest_are(site):
    home = site["en"]
    members = publish_child(home, StandardPage(title="Members area", slug="members-area", show_in_menus=True))
    inside = publish_child(members, StandardPage(title="Minutes", slug="minutes"))
    about = publish_child(home, StandardPage(title="About", slug="about", show_in_menus=True))
    restrict(members)

    public = set(StandardPage.objects.filter(public_q()).values_list("pk", flat=True))

    assert about.pk in public
    assert members.pk not in public and inside.pk not in public


def test_a_sibling_whose_path_starts_like_the_private_one_stays_public(site):
    # Paths are fixed-width steps: a prefix of another page's path is always its ancestor's.
    home = site["en"]
    first = publish_child(home, StandardPage(title="First", slug="first"))
    second = publish_child(home, StandardPage(title="Second", slug="second"))
    restrict(first)

    assert list(StandardPage.objects.filter(public_q()).values_list("pk", flat=True)) == [second.pk]


def test_a_private_section_is_left_out_of_the_menu_and_a_private_article_out_of_its_listing(client, site):
    content = build_content(site)
    members = publish_child(
        site["en"], StandardPage(title="Members area", slug="members-area", show_in_menus=True)
    )
    restrict(members)
    restrict(content.news)

    page = parse(client.get(content.listing.url))

    menu = text(page.select_one(".site-nav"))
    assert "News" in menu and "Members area" not in menu
    titles = text(page.select_one("main"))
    assert content.project.title in titles
    assert content.news.title not in titles


def asks_for_a_password(client, page):
    return parse(client.get(page.url)).find("input", attrs={"name": "password"}) is not None


def test_a_private_page_the_pages_below_it_and_its_alias_ask_for_the_password(client, site):
    home = site["en"]
    members = publish_child(home, StandardPage(title="Members area", slug="members-area"))
    minutes = publish_child(members, StandardPage(title="Minutes", slug="minutes"))
    about = publish_child(home, StandardPage(title="About", slug="about"))
    # An alias is restricted by its source's own restrictions (Wagtail's rule).
    alias = members.create_alias(parent=about, update_slug="members-copy")
    restrict(members)

    assert asks_for_a_password(client, members)
    assert asks_for_a_password(client, minutes)
    assert asks_for_a_password(client, alias)
    assert not asks_for_a_password(client, about)


def test_the_first_private_page_of_a_site_asks_for_the_password_on_its_next_view(client, site):
    # While no page is private, serving one asks for no restrictions; the first one made private
    # must be known at once, though the site was served as wholly public a moment before.
    home = site["en"]
    members = publish_child(home, StandardPage(title="Members area", slug="members-area"))
    minutes = publish_child(members, StandardPage(title="Minutes", slug="minutes"))
    assert not asks_for_a_password(client, minutes)

    restriction = restrict(members)

    assert asks_for_a_password(client, members)
    assert asks_for_a_password(client, minutes)

    restriction.delete()

    assert not asks_for_a_password(client, minutes)
