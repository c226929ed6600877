"""What a page tells search engines and social networks about itself (templates/components/page_meta.html)."""

from django import template
from django.utils.translation import to_locale

from home.social import social_image_url

register = template.Library()


@register.simple_tag
def page_description(page):
    """The page's one-paragraph description: what the editor wrote for search, else its summary or lead."""
    for value in (
        page.search_description,
        getattr(page, "card_summary", ""),
        getattr(page, "introduction", ""),
        getattr(page, "hero_text", ""),
        getattr(page, "preheader", ""),
    ):
        if value:
            return value
    return ""


@register.simple_tag(takes_context=True)
def social_image(context, page):
    """(URL, width, height) of the picture shown when the page is shared."""
    return social_image_url(page, context.get("request"))


@register.filter
def open_graph_locale(language_code):
    """Open Graph writes locales as ll_CC: "sr-latn" becomes "sr_Latn"."""
    return to_locale(language_code)
