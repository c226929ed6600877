"""The demo site in the source language: the home page at the site root, its sections, the articles,
the campaign, the newsletter issue, the mailing lists and the network's own pages."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, Site

from demo.articles import ARTICLES
from demo.artwork import cover_image, map_image
from demo.campaigns import campaign_index, local_democracy_campaign
from demo.network import HOME_PAGE_DETAILS
from demo.newsletter import create_mailing_lists, newsletter_archive, newsletter_issue
from demo.pages import (
    about_body,
    about_page,
    contact_page,
    get_involved_page,
    joint_action_report,
    members_directory,
    publications_library,
)
from home.maps import region_codes
from home.models import HomePage, HomePageFeaturedItem
from news.models import ListingPage, ProjectPage


@dataclass
class Demo:
    """The demo's pages in the source locale."""

    home: HomePage
    sections: dict
    articles: dict
    campaigns: dict
    issues: dict
    pages: dict
    mailing_lists: dict


def publish(parent, page, user):
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def create_home(locale, user):
    """Replace Wagtail's welcome page with the home page and make it the default site's root."""
    # Deleting the welcome page deletes the site rooted at it; the site is made again below.
    Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
    home = publish(
        Page.get_first_root_node(),
        HomePage(
            locale=locale,
            title="Home",
            slug="home",
            hero_title="Civil society in the Western Balkans, stronger together",
            hero_text=(
                "News, projects and events from a regional network of civil society organisations "
                "working for civic space, local democracy and accountable government."
            ),
            **HOME_PAGE_DETAILS,
            hero_image=map_image(
                "The Western Balkans",
                region_codes(),
                "Map of the Western Balkans: Albania, Bosnia and Herzegovina, Kosovo*, Montenegro, "
                "North Macedonia and Serbia, joined as a network.",
            ),
        ),
        user,
    )
    address = urlsplit(settings.BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname,
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    return home


SECTIONS = {
    "news": ("News", "Publications and updates from the network, its members and partners."),
    "projects": (
        "Projects",
        "What the network and its partners are working on: who funds each project, who takes part "
        "and what it does.",
    ),
    "events": ("Events", "Conferences, workshops and dialogues, in person and online."),
}


def create_sections(home, user):
    return {
        slug: publish(
            home,
            ListingPage(title=title, slug=slug, introduction=introduction, show_in_menus=True),
            user,
        )
        for slug, (title, introduction) in SECTIONS.items()
    }


def create_network_pages(home, sections, taxonomy, user):
    """Publish About (with Members and Contact below it), Get involved and the library's report."""
    about = publish(home, about_page(), user)
    members = publish(about, members_directory(), user)
    contact = publish(about, contact_page(members), user)
    # About links to a page below it, which exists only now.
    about.body = about_body(members)
    about.save_revision(user=user, log_action=True).publish(user=user)
    get_involved = publish(home, get_involved_page(sections["campaigns"], sections["events"], contact), user)
    report = publish(sections["publications"], with_picture(joint_action_report(taxonomy)), user)
    return {
        "about": about,
        "members": members,
        "contact": contact,
        "get-involved": get_involved,
        "report": report,
    }


def with_picture(article):
    """Give an article its picture: a project the map of the countries it covers, others cover art."""
    if isinstance(article, ProjectPage):
        covered = [country for country in article.countries.all() if country.code in region_codes()]
        if covered:
            names = ", ".join(country.name for country in covered)
            article.hero_image = map_image(
                f"Map: {article.title}",
                [country.code for country in covered],
                f"Map of the Western Balkans: {names}.",
            )
            return article
    article.hero_image = cover_image(article, article.kind)
    return article


def create_site(locale, taxonomy, user):
    """Publish the home page, its sections, the seeds' pages, the campaign and the issue in `locale`."""
    home = create_home(locale, user)
    sections = create_sections(home, user)
    sections["publications"] = publish(home, publications_library(), user)
    articles = {
        key: publish(sections[section], with_picture(build(taxonomy)), user)
        for key, (section, build) in ARTICLES.items()
    }
    # The publication is the home page's featured story.
    home.featured_items.add(HomePageFeaturedItem(page=articles["joint-action-news"]))
    home.save_revision(user=user).publish(user=user)
    sections["campaigns"] = publish(home, campaign_index(), user)
    campaign = local_democracy_campaign(taxonomy, articles["bnld-project"])
    campaign.hero_image = cover_image(campaign, "campaign")
    campaigns = {"local-democracy": publish(sections["campaigns"], campaign, user)}
    sections["newsletter"] = publish(home, newsletter_archive(), user)
    issues = {
        "civic-space": publish(
            sections["newsletter"], newsletter_issue(articles, campaigns["local-democracy"]), user
        )
    }
    pages = create_network_pages(home, sections, taxonomy, user)
    mailing_lists = create_mailing_lists(locale)
    return Demo(
        home=home,
        sections=sections,
        articles=articles,
        campaigns=campaigns,
        issues=issues,
        pages=pages,
        mailing_lists=mailing_lists,
    )
