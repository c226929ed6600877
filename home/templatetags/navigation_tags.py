from django import template

from home import navigation, page_links
from home.languages import language_name
from home.models import localized_details

register = template.Library()


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    return {"items": navigation.menu_items(request, context.get("page"))}


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    links = navigation.language_links(request, context.get("page"))
    return {"links": links, "current": next((link for link in links if link.is_current), None)}


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context):
    page = context.get("page")
    if page is None:
        return {"links": []}
    return {"links": navigation.alternate_links(context["request"], page)}


@register.simple_tag(takes_context=True)
def home_url(context):
    """Return the URL of the current language's home page (the site's root if it has none)."""
    request = context["request"]
    homes = navigation.home_urls(request)
    return homes.get(context.get("LANGUAGE_CODE")) or next(iter(homes.values()), None) or "/"


@register.simple_tag(takes_context=True)
def network_details(context):
    """Return the network's tagline and postal address in the page's language (localized_details)."""
    return localized_details(context.get("request"))


@register.simple_tag
def elided_page_range(page_obj):
    """Return the page numbers to offer around the current one, with Paginator.ELLIPSIS for gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


@register.inclusion_tag("navigation/section_menu.html", takes_context=True)
def section_menu(context):
    page = context.get("page")
    return {"items": navigation.section_menu(context["request"], page) if page else []}


@register.simple_tag(takes_context=True)
def menu_links(context):
    """Return the main menu's items, for another rendering of them (the footer's)."""
    return navigation.menu_items(context["request"], context.get("page"))


@register.inclusion_tag("components/fallback_language.html", takes_context=True)
def fallback_language(context, shown):
    """Say, in the reader's language, in which language a page shown by fallback is written.

    Renders nothing when `shown` is in the language of the page it appears on.
    """
    page = context.get("page")
    code = shown.locale.language_code
    if page is None or code == page.locale.language_code:
        return {}
    return {"code": code, "name": language_name(code), "reader": page.locale.language_code}


@register.filter
def in_reader_language(page):
    """A page chosen in a block, as a link shows it: its live translation in the reader's language."""
    return page_links.in_reader_language(page)
