"""What a page offers to move around the site: the main menu, the language switcher, alternates."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.urls import translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language

from wagtail.models import Page, Site

from home.languages import content_language_codes, language_name
from home.shared_parts import shared_part
from home.visibility import public_q


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    # "page" on the page itself, "true" on the section it belongs to (aria-current).
    current: str | None


def home_urls(request):
    """Return {language code: URL of the live home page} of the request's site (a shared part)."""

    def compute():
        site = Site.find_for_request(request)
        homes = (
            site.root_page.get_translations(inclusive=True).live().select_related("locale") if site else []
        )
        return {home.locale.language_code: home.get_url(request) for home in homes}

    return shared_part(request, "home_urls", compute)


def live_translations(page):
    """Return {language code: page} for the page's live translations, the page included: their
    addresses only.

    The language switcher and the alternate links both ask, in the same request.
    """
    if not hasattr(page, "_live_translations"):
        # Only what an address is made of, read as plain pages: a whole page is a wide row and a
        # costly object, and no page type of ours works its address out otherwise (get_url_parts).
        translations = (
            Page.objects.filter(translation_key=page.translation_key, live=True)
            .annotate(language_code=F("locale__language_code"))
            .only("url_path")
        )
        page._live_translations = {translation.language_code: translation for translation in translations}
        if page.live:
            # The page itself, whose address it may know already (BasePage.get_url_parts).
            page._live_translations[page.locale.language_code] = page
    return page._live_translations


def language_links(request, page=None):
    """Offer every content language, named in itself.

    A language links to this page's live translation, or for a view that is not a page (search)
    to the same view in that language, or else to that language's home page. A language with
    none of these is left out.
    """
    current = get_language()
    translations = live_translations(page) if page is not None else {}
    homes = home_urls(request)
    here = request.get_full_path()
    links = []
    for code in content_language_codes():
        if code == current:
            url = (page.get_url(request) if page is not None else None) or here
        elif code in translations:
            url = translations[code].get_url(request)
        elif page is None and (translated := translated_view_url(request, code)):
            url = translated
        elif code in homes:
            url = homes[code]
        else:
            continue
        links.append(LanguageLink(code, capfirst(language_name(code)), url, code == current))
    return links


def translated_view_url(request, language_code):
    """Return the URL of the same non-page view in another language, or None."""
    match = request.resolver_match
    # A path Wagtail serves without a page in the context is one it did not find.
    if match is None or match.url_name == "wagtail_serve":
        return None
    here = request.get_full_path()
    translated = translate_url(here, language_code)
    return translated if translated != here else None


def alternate_links(request, page):
    """Return [(hreflang, absolute URL)] for the page's live translations, plus x-default."""
    translations = live_translations(page)
    links = [
        (code, translations[code].get_full_url(request))
        for code in content_language_codes()
        if code in translations
    ]
    if settings.LANGUAGE_CODE in translations:
        links.append(("x-default", translations[settings.LANGUAGE_CODE].get_full_url(request)))
    return links


def menu_items(request, page=None):
    """Return the current language's home page children that are shown in menus, cached on the request.

    The header and the footer both show them.
    """
    cached = getattr(request, "_menu_items", {})
    key = (get_language(), page.pk if page is not None else None)
    if key not in cached:
        cached[key] = _menu_items(request, page)
        request._menu_items = cached
    return cached[key]


def _menu_items(request, page):
    items = []
    for title, url, path in shared_part(request, "menu", lambda: _menu_entries(request)):
        if page is not None and page.path == path:
            current = "page"
        elif page is not None and page.path.startswith(path):
            current = "true"
        else:
            current = None
        items.append(MenuItem(title, url, current))
    return items


def _menu_entries(request):
    """Return [(title, URL, tree path)] of the current language's home page children in menus."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page.get_translations(inclusive=True).live().filter(locale__language_code=get_language())
    home = home.first()
    if home is None:
        return []
    return [
        (child.title, child.get_url(request), child.path)
        for child in home.get_children().live().filter(public_q()).in_menu()
    ]


def section_menu(request, page):
    """Return the page's section (the home page's child it is in) and that section's pages in menus.

    Empty when the section has no such pages, so that a lone page shows no menu of one item. The
    same for every page of the section: kept with the parts pages share (a few per language).
    """
    # Home pages are the tree root's children (HomePage.parent_page_types).
    section_depth = 3
    if page.depth < section_depth:
        return []
    section_path = page.path[: section_depth * Page.steplen]
    entries = shared_part(
        request, f"section-menu:{section_path}", lambda: _section_entries(request, section_path)
    )
    return [MenuItem(title, url, "page" if path == page.path else None) for title, url, path in entries]


def _section_entries(request, section_path):
    """[(title, URL, tree path)] of the section at `section_path` and its children in menus, or []."""
    section = Page.objects.filter(path=section_path).first()
    children = list(section.get_children().live().filter(public_q()).in_menu()) if section else []
    if not children:
        return []
    return [(item.title, item.get_url(request), item.path) for item in [section, *children]]
