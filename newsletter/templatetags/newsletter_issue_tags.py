from django import template
from django.utils.translation import get_language

from newsletter.sending.rendering import localized_pages

register = template.Library()


@register.simple_tag
def localized_teaser(page):
    """Return the live translation of a teased page nearest the reader's language, or None."""
    if page is None:
        return None
    return localized_pages([page], get_language()).get(page.pk)


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name
