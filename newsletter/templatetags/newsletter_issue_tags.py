from django import template

from home.localization import localize_pages

register = template.Library()


@register.simple_tag
def localized_teaser(page):
    """Return the live translation of a teased page nearest the reader's language, or None."""
    return localize_pages([page])[0]


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name
