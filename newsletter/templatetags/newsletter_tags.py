import uuid

from django import template
from django.template.loader import render_to_string

from home.shared_parts import shared_part
from newsletter.forms import SubscribeForm
from newsletter.models import MailingList

register = template.Library()

FIELDS_TEMPLATE = "components/newsletter/subscribe_fields.html"


@register.inclusion_tag("components/newsletter/subscribe_form.html", takes_context=True)
def subscribe_form(context, lists=None, compact=False, id_prefix=None):
    """Render a subscribe form offering `lists` (mailing lists in any language; all public ones if empty).

    The preferred language defaults to the page's; the form posts to the subscribe page.
    `compact` puts the address and the button on one line and keeps the page's language, for the
    footer and the calls to action. Forms sharing a page need their own `id_prefix`.

    A new form under a fixed prefix shows the same fields on every page of a language (the
    footer's, a call to action's): they are rendered once and kept with the language's shared
    parts. Only the form's wrapper and the page it is sent from are rendered for each page.
    """
    page = context.get("page")
    request = context.get("request")
    lists = [row for row in lists or [] if row is not None]

    def render():
        public_lists = shared_part(request, "newsletter_public_lists", lambda: SubscribeForm().public_lists)
        form = SubscribeForm(offered=lists, public_lists=public_lists)
        form.auto_id = f"{id_prefix or 'subscribe-' + uuid.uuid4().hex[:8]}-%s"
        if compact:
            form.fields["email"].widget.attrs["placeholder"] = form.fields["email"].label
        fields = render_to_string(FIELDS_TEMPLATE, {"form": form, "compact": compact}, request=request)
        return {"offered": bool(form.offered), "fields": fields}

    if id_prefix and request is not None and request.method in ("GET", "HEAD"):
        key = f"subscribe-form:{id_prefix}:{int(compact)}:{'-'.join(str(row.pk) for row in lists)}"
        shown = shared_part(request, key, render)
    else:
        shown = render()
    return {**shown, "compact": compact, "page_id": getattr(page, "pk", None)}


@register.simple_tag(takes_context=True)
def newsletter_offered(context):
    """Whether there is a newsletter to subscribe to: calls to action are left out when there is none."""
    return shared_part(
        context.get("request"),
        "newsletter_offered",
        lambda: MailingList.objects.originals().public().exists(),
    )
