"""The home page's sections about articles: latest news, events, projects (see home.models.HomePage)."""

from django.template.loader import render_to_string
from django.utils import timezone

from wagtail import hooks

from home.listings import prepare_cards
from home.localization import in_language, parent_in_language
from home.shared_parts import holds_until, next_midnight
from home.visibility import public_q
from news.models import EventPage, NewsPage, ProjectPage

# One row of cards on a wide screen; a short list of dates.
NEWS_SHOWN = 3
EVENTS_SHOWN = 4
PROJECTS_SHOWN = 3


def _section(request, page, template, articles, **context):
    if not articles:
        return ""
    # "All news": the section the first item is in, in the reader's language where it is translated.
    listing = parent_in_language(articles[0], page.locale.language_code)
    context = {"page": page, "articles": prepare_cards(articles), "listing": listing, **context}
    return render_to_string(template, context, request=request)


@hooks.register("home_page_sections", order=10)
def latest_news_section(request, page):
    """The newest news items that are not featured above."""
    news = (
        NewsPage.objects.live()
        .filter(public_q())
        .exclude(translation_key__in=page.featured_keys())
        .order_by("-date", "-pk")
    )
    articles = in_language(news, page.locale.language_code, limit=NEWS_SHOWN)
    return _section(request, page, "components/home/latest_news.html", articles)


@hooks.register("home_page_sections", order=30)
def events_section(request, page):
    """The coming events, soonest first; when none is coming, the latest that took place."""
    events = EventPage.objects.live().filter(public_q())
    language = page.locale.language_code
    now = timezone.now()
    coming = in_language(events.filter(end__gte=now).order_by("start", "pk"), language, limit=EVENTS_SHOWN)
    # Kept for every reader (home.shared_parts) until a coming event shown ends or starts, or the
    # day changes; past events change only when a coming one ends, and none is coming then.
    holds_until(request, next_midnight())
    if coming:
        for event in coming:
            holds_until(request, event.start if event.start > now else event.end)
        return _section(request, page, "components/home/events.html", coming, upcoming=True)
    past = in_language(events.filter(end__lt=now).order_by("-start", "-pk"), language, limit=EVENTS_SHOWN)
    return _section(request, page, "components/home/events.html", past, upcoming=False)


@hooks.register("home_page_sections", order=40)
def projects_section(request, page):
    """The projects under way or announced, newest first."""
    projects = (
        ProjectPage.objects.live()
        .filter(public_q())
        .exclude(status=ProjectPage.Status.COMPLETED)
        .exclude(translation_key__in=page.featured_keys())
        .order_by("-date", "-pk")
    )
    articles = in_language(projects, page.locale.language_code, limit=PROJECTS_SHOWN)
    return _section(request, page, "components/home/projects.html", articles)
