from django import template
from django.template.loader import render_to_string

from home.shared_parts import shared_part

register = template.Library()

FORM_TEMPLATE = "components/campaigns/signature_form.html"


@register.simple_tag(takes_context=True)
def signature_form(context):
    """Render the campaign page's signature form.

    A new form is the same for every reader of the page in one language (its tokens are fetched
    when the visitor starts filling it in): it is rendered once and kept with the language's
    shared parts, which every content change forgets. A form sent back, with its errors or the
    values to send again, is rendered as it is.
    """
    request = context.get("request")
    page = context["page"]
    form = context["form"]
    values = {"page": page, "form": form, "send_again": context.get("send_again", False)}

    def render():
        return render_to_string(FORM_TEMPLATE, values, request=request)

    if form.is_bound or form.initial or request is None or request.method not in ("GET", "HEAD"):
        return render()
    return shared_part(request, f"signature-form:{page.pk}", render)
