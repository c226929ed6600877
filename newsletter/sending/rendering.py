"""Render an issue once per language: subject, preheader, responsive HTML (MJML) and plain text.

Each block of the body renders itself into the email (newsletter.blocks.EmailBlock); each
recipient's links are left as markers (markers.py), filled in for each recipient without
rendering anything again.
"""

import dataclasses
import re
from dataclasses import dataclass

from mjml import mjml2html

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from home.languages import is_right_to_left
from home.localization import localize_pages
from newsletter.sending import markers
from newsletter.tokens import preferences_url, unsubscribe_url

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


class EmailEdition:
    """What the blocks of one language's email share: its language, its site, the pages they show.

    The pages that blocks show (EmailBlock.email_pages) are found in the reader's language
    all together, in a bounded number of queries however many blocks show pages.
    """

    def __init__(self, body, language, root_url):
        self.language = language
        self.root_url = root_url
        pages = [page for child in body for page in _email_pages(child)]
        shown = localize_pages(pages, language)
        self.pages = {page.pk: translation for page, translation in zip(pages, shown, strict=True)}

    def page(self, page):
        """Return `page` as readers of this language see it (None: no live translation)."""
        return self.pages.get(page.pk) if page is not None else None

    def absolute(self, html):
        """Make the site-relative links and images of an HTML fragment absolute, as mail needs."""
        return RELATIVE_URL.sub(lambda match: f'{match["attribute"]}{self.root_url}{match["path"]}"', html)

    @staticmethod
    def image_url(image):
        return image.get_rendition(IMAGE_RENDITION).full_url


def render_issue(page, language=None, *, list_name=""):
    """Render `page` (the translation being sent) as an email for readers of `language`.

    The recipient's unsubscribe and preferences links are left as markers (markers.py).
    """
    language = language or page.locale.language_code
    site = page.get_site()
    edition = EmailEdition(page.body, language, site.root_url if site else settings.BASE_URL)
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
            "blocks": email_blocks(page.body, edition),
            **markers.link_markers(),
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


def render_example(page, language=None):
    """Render `page` as render_issue does, with a reader's links in place: what the preview shows."""
    return with_links(render_issue(page, language), unsubscribe_url(0), preferences_url(0))


def with_links(rendered, unsubscribe, preferences):
    """Return the rendering with the recipient's links in place of their markers."""
    links = {"unsubscribe_url": unsubscribe, "preferences_url": preferences}
    return dataclasses.replace(
        rendered,
        html=markers.fill(rendered.html, links, markup=True),
        text=markers.fill(rendered.text, links, markup=False),
    )


def email_blocks(body, edition):
    """Return the body's blocks as their email templates show them; blocks without email stay out."""
    blocks = []
    for child in body:
        email_context = getattr(child.block, "email_context", None)
        item = email_context(child.value, edition) if email_context else None
        if item is not None:
            blocks.append({**item, "type": child.block_type, "template": child.block.email_template})
    return blocks


def _email_pages(child):
    email_pages = getattr(child.block, "email_pages", None)
    return [page for page in email_pages(child.value) if page is not None] if email_pages else []


def tidy_text(text):
    """Drop the blank lines and trailing spaces that template tags leave in the text part."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
