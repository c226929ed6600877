"""Render an issue once per language: subject, preheader, responsive HTML (MJML) and plain text.

Per-recipient links are left as slot markers (see SLOT_LINKS) that the wire template fills in
for each recipient without rendering anything again.
"""

import re
from dataclasses import dataclass

from mjml import mjml2html

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from home.languages import fallback_chain, is_right_to_left
from home.rich_text import clean_email_html
from newsletter.sending.text import html_to_text, wrap
from newsletter.tokens import preferences_url, unsubscribe_url

# Where each recipient's own links go. The markers survive Django's escaping and MJML as they are.
SLOT_LINKS = {"unsubscribe_url": "__nl_unsubscribe_url__", "preferences_url": "__nl_preferences_url__"}

# Images are sent at twice the 600px column for sharp rendering on high-density screens.
IMAGE_RENDITION = "width-1200"

RELATIVE_URL = re.compile(r'(?P<attribute>\b(?:href|src)=")(?P<path>/(?!/)[^"]*)"')


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    preheader: str
    html: str
    text: str
    web_url: str


def render_issue(page, language=None, *, list_name="", links=None):
    """Render `page` (the translation being sent) as an email for readers of `language`.

    `links` fills the recipient's unsubscribe and preferences links; without it, they are left
    as slot markers for the wire template, or given example values when `links="example"`.
    """
    language = language or page.locale.language_code
    if links == "example":
        links = {"unsubscribe_url": unsubscribe_url(0), "preferences_url": preferences_url(0)}
    links = links or SLOT_LINKS
    site = page.get_site()
    root_url = site.root_url if site else settings.BASE_URL
    with translation.override(language):
        context = {
            "issue": page,
            "language": language,
            "rtl": is_right_to_left(language),
            "subject": page.email_subject,
            "preheader": page.preheader,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "list_name": list_name or settings.WAGTAIL_SITE_NAME,
            "web_url": page.get_full_url() or "",
            "blocks": email_blocks(page.body, language, root_url),
            **links,
        }
        html = mjml2html(
            render_to_string("email/issue/message.mjml", context), disable_comments=True, fonts={}
        )
        text = tidy_text(render_to_string("email/issue/message.txt", context))
    return RenderedIssue(
        subject=context["subject"],
        preheader=context["preheader"],
        html=html,
        text=text,
        web_url=context["web_url"],
    )


def email_blocks(body, language, root_url):
    """Return the body's blocks as the values the email templates show."""
    teased = localized_pages(
        [block.value["page"] for block in body if block.block_type == "teaser"], language
    )
    blocks = []
    for block in body:
        value = block.value
        kind = block.block_type
        if kind == "heading":
            item = {"text": value["text"], "level": value["level"]}
        elif kind == "paragraph":
            # Cleaned again once expanded: an email has no Content Security Policy to fall back on.
            html = clean_email_html(absolute_urls(expand_db_html(value.source), root_url))
            item = {"html": html, "text": html_to_text(html)}
        elif kind == "image":
            image = value["image"]
            if image is None:
                continue
            rendition = image.get_rendition(IMAGE_RENDITION)
            item = {
                "url": rendition.full_url,
                "alt": value.alt,
                "caption": value["caption"],
            }
        elif kind == "button":
            page = value["page"] and localized_pages([value["page"]], language).get(value["page"].pk)
            url = page.get_full_url() if page else value["url"]
            if not url:
                continue
            item = {"text": value["text"], "url": url}
        elif kind == "teaser":
            item = teaser(value, teased.get(value["page"].pk) if value["page"] else None)
            if item is None:
                continue
        else:
            continue
        item["type"] = kind
        item["template"] = f"email/issue/blocks/{kind}"
        blocks.append(item)
    return blocks


def teaser(value, page):
    if page is None:
        return None
    image = page.card_image if value["show_image"] else None
    return {
        "title": page.title,
        "url": page.get_full_url(),
        "summary": value["summary"] or page.card_summary,
        "summary_text": wrap(value["summary"] or page.card_summary or ""),
        "kind": page._meta.verbose_name,
        "date": date_format(page.date, "DATE_FORMAT") if getattr(page, "date", None) else "",
        "image_url": image.get_rendition(IMAGE_RENDITION).full_url if image else "",
        "image_alt": image.default_alt_text if image else "",
    }


def localized_pages(pages, language):
    """Map each page's id to its live translation nearest `language` on the fallback chain.

    One query per page type, however many pages; a page with no live translation on the
    chain is shown as it is if live, and left out (None) otherwise.
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return {}
    chain = fallback_chain(language)
    rank = {code: position for position, code in enumerate(chain)}
    best = {}
    candidates = (
        Page.objects.live()
        .public()
        .filter(translation_key__in={page.translation_key for page in pages}, locale__language_code__in=chain)
        .select_related("locale")
        .specific()
    )
    for candidate in candidates:
        current = best.get(candidate.translation_key)
        if current is None or rank[candidate.locale.language_code] < rank[current.locale.language_code]:
            best[candidate.translation_key] = candidate
    return {
        page.pk: best.get(page.translation_key) or (page.specific if page.live else None) for page in pages
    }


def absolute_urls(html, root_url):
    """Make the site-relative links and images of an HTML fragment absolute, as mail needs."""
    return RELATIVE_URL.sub(lambda match: f'{match["attribute"]}{root_url}{match["path"]}"', html)


def tidy_text(text):
    """Drop the blank lines and trailing spaces that template tags leave in the text part."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
