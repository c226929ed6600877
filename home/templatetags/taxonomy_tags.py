from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def country_name(context, country):
    """Name the country; one with a designation gets an asterisk linked to the page's footnote."""
    if country is None:
        return ""
    footnotes = context.get("designation_footnotes")
    anchor = footnotes.cite(country) if footnotes is not None else None
    if anchor is None:
        return country.display_name
    return format_html(
        '{}<a class="designation-ref" href="#{}"><span aria-hidden="true">*</span>'
        '<span class="visually-hidden">{}</span></a>',
        country.name,
        anchor,
        gettext("(see the note on this name)"),
    )


@register.simple_tag(takes_context=True)
def cite_designations(context, countries):
    """Note the footnotes of countries named where a link cannot go (a list's options); print nothing."""
    footnotes = context.get("designation_footnotes")
    if footnotes is not None:
        for country in countries:
            footnotes.cite(country)
    return ""


@register.inclusion_tag("components/designation_footnotes.html", takes_context=True)
def designation_footnotes(context):
    return {"footnotes": context.get("designation_footnotes") or []}
