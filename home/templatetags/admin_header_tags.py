from django import template

from home.admin_header import arrange_header_buttons

register = template.Library()


@register.simple_tag
def arranged_header_buttons(buttons, page):
    return arrange_header_buttons(buttons or [], page)
