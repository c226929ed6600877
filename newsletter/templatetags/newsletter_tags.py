import uuid

from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("components/newsletter/subscribe_form.html", takes_context=True)
def subscribe_form(context, lists=None):
    """Render a subscribe form offering `lists` (mailing lists in any language; all public ones if empty).

    The preferred language defaults to the page's; the form posts to the subscribe page.
    """
    page = context.get("page")
    form = SubscribeForm(offered=[row for row in lists or [] if row is not None])
    # Several forms may share a page: each needs its own element ids.
    form.auto_id = f"subscribe-{uuid.uuid4().hex[:8]}-%s"
    return {
        "form": form,
        "page_id": getattr(page, "pk", None),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
