"""Render an issue once per language: subject, preheader, responsive HTML (MJML) and plain text.

Each block of the body renders itself into the email (newsletter.blocks.EmailBlock). The words
around the content (the browser link, the footer) follow the reader's own language, which may
differ from the edition's when the edition is a fallback: the edition is rendered once with
markers where they go, and each reader language's words are filled in (`RenderedEdition.for_reader`),
once per pair of languages. Each recipient's links are left as markers (markers.py), filled in for
each recipient without rendering anything again.
"""

import dataclasses
import re
from dataclasses import dataclass

from mjml import mjml2html

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.urls import get_resolver
from django.utils import translation

from home.languages import content_language_codes, is_right_to_left, supported_language
from home.localization import localize_pages
from home.models import NetworkSettings, localized_details
from newsletter.sending import markers
from newsletter.tokens import preferences_url, unsubscribe_url

# Images are sent at twice the 600px column for sharp rendering on high-density screens.
IMAGE_RENDITION = "width-1200"

RELATIVE_URL = re.compile(r'(?P<attribute>\b(?:href|src)=")(?P<path>/(?!/)[^"]*)"')

# Where the reader-language words go in an edition's rendering (HTML and text alike).
CHROME = ("chrome_top", "chrome_footer")


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


@dataclass(frozen=True)
class RenderedEdition:
    """One language's edition of an issue, with markers where the reader's own words go."""

    language: str
    subject: str
    preheader: str
    html: str
    text: str
    web_url: str

    def for_reader(self, reader_language=None, *, list_name=""):
        """Return the edition with the browser link and footer in the reader's language."""
        chrome = render_chrome(self, reader_language or self.language, list_name=list_name)
        return RenderedIssue(
            subject=self.subject,
            preheader=self.preheader,
            html=markers.fill(self.html, chrome["html"], markup=False),
            text=tidy_text(markers.fill(self.text, chrome["text"], markup=False)),
            web_url=self.web_url,
        )


def render_issue(page, language=None, *, list_name="", reader_language=None):
    """Render `page` (the translation being sent) as an email for readers of `reader_language`
    who receive the `language` edition (both default to the page's language).

    The recipient's unsubscribe and preferences links are left as markers (markers.py).
    """
    return render_edition(page, language).for_reader(reader_language, list_name=list_name)


def render_edition(page, language=None):
    """Render `page` as the `language` edition, the reader's words left as markers (CHROME)."""
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
            "web_url": page.get_full_url() or "",
            "blocks": email_blocks(page.body, edition),
            **{name: markers.marker(name) for name in CHROME},
        }
        html = mjml2html(
            render_to_string("email/issue/message.mjml", context), disable_comments=True, fonts={}
        )
        text = tidy_text(render_to_string("email/issue/message.txt", context))
    return RenderedEdition(
        language=language,
        subject=context["subject"],
        preheader=context["preheader"],
        html=html,
        text=text,
        web_url=context["web_url"],
    )


def warm_up():
    """Build what a process would otherwise build on its first rendering in each language.

    Reversing a URL in a language builds the resolver's reverse lookups for that language
    (about 35 ms each, i18n patterns), and the first use of a template compiles it. A worker
    calls this before its pool forks, so that every process starts with them and the first
    send after a restart does not wait for them before its first message.
    """
    resolver = get_resolver()
    for language in content_language_codes():
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018 - built for the active language on first access
    chrome = [f"{part}.{extension}" for part in CHROME for extension in ("html", "txt")]
    for name in ["message.mjml", "message.txt", *chrome]:
        get_template(f"email/issue/{name}")


def render_chrome(edition, reader_language, *, list_name=""):
    """Return {"html": {marker name: HTML}, "text": {...}}: the words around `edition` for its readers
    of `reader_language`, in that language (or the nearest one the site speaks).

    When the edition is a fallback, the footer says so, in the reader's language.
    """
    chrome_language = supported_language(reader_language)
    network = NetworkSettings.load()
    with translation.override(chrome_language):
        context = {
            "language": chrome_language,
            "rtl": is_right_to_left(chrome_language),
            "web_url": edition.web_url,
            "list_name": list_name or settings.WAGTAIL_SITE_NAME,
            "network_name": network.display_name,
            "network_details": localized_details(language_code=chrome_language),
            "fallback": chrome_language != edition.language,
            "edition_language": edition.language,
            **markers.link_markers(),
        }
        return {
            kind: {
                name: render_to_string(f"email/issue/{name}.{extension}", context).strip() for name in CHROME
            }
            for kind, extension in (("html", "html"), ("text", "txt"))
        }


def render_example(page, language=None, reader_language=None):
    """Render `page` as render_issue does, with a reader's links in place: what the preview shows."""
    rendered = render_issue(page, language, reader_language=reader_language)
    return with_links(rendered, unsubscribe_url(0), preferences_url(0))


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
