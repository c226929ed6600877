from django import template

from home.localization import localize_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_teaser(context, page):
    """Return the live translation of a teased page nearest the reader's language, or None.

    An issue's page finds its teasers all at once (NewsletterIssuePage.teasers_in_language).
    """
    if page is None:
        return None
    teasers = context.get("teasers") or {}
    return teasers[page.pk] if page.pk in teasers else localize_pages([page])[0]


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name
