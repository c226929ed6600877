"""The blocks of a newsletter issue. Each renders as part of a web page (its template) and into
the issue's email (EmailBlock: its email templates and what they show)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.rich_text import expand_db_html

from home.blocks import ButtonBlock, CleanedStreamBlock, HeadingBlock, ImageBlock, RichTextBlock
from home.rich_text import clean_email_html
from newsletter.sending.text import html_to_text, wrap

# Email clients ignore most markup, so issues offer only what renders well in mail.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]

# The pages an issue can tease: news, projects and events (all ArticlePage), and campaigns.
# Every one must offer `card_image` and `card_summary`, as home.models.BasePage does.
TEASER_PAGE_TYPES = ["home.ArticlePage", "campaigns.CampaignPage"]
# The picture of a teaser on the web page (components/newsletter/teaser_block.html).
TEASER_IMAGE = "fill-600x338"


class EmailBlock:
    """A block that renders into an issue's email: `email_template`.mjml and .txt show `email_context`.

    newsletter.sending.rendering renders each language's email once, passing an EmailEdition
    (the language, absolute URLs, the pages the blocks show in that language).
    """

    email_template = ""

    def email_pages(self, value):
        """Return the pages the block shows, to be found in the reader's language with the others'."""
        return []

    def email_context(self, value, edition):
        """Return what the email templates show of `value`, or None to leave the block out."""
        raise NotImplementedError


class NewsletterHeadingBlock(EmailBlock, HeadingBlock):
    email_template = "email/issue/blocks/heading"

    def email_context(self, value, edition):
        return {"text": value["text"], "level": value["level"]}


class NewsletterParagraphBlock(EmailBlock, RichTextBlock):
    email_template = "email/issue/blocks/paragraph"

    def email_context(self, value, edition):
        # Cleaned again once expanded: an email has no Content Security Policy to fall back on.
        html = clean_email_html(edition.absolute(expand_db_html(value.source)))
        return {"html": html, "text": html_to_text(html)}


class NewsletterImageBlock(EmailBlock, ImageBlock):
    email_template = "email/issue/blocks/image"

    class Meta:
        template = "components/newsletter/image_block.html"

    def email_context(self, value, edition):
        image = value["image"]
        if image is None:
            return None
        return {"url": edition.image_url(image), "alt": value.alt, "caption": value["caption"]}


class NewsletterButtonBlock(EmailBlock, ButtonBlock):
    email_template = "email/issue/blocks/button"

    class Meta:
        template = "components/newsletter/button_block.html"

    def email_pages(self, value):
        return [value["page"]]

    def email_context(self, value, edition):
        page = edition.page(value["page"])
        url = page.get_full_url() if page else value["url"]
        return {"text": value["text"], "url": url} if url else None


class TeaserBlock(EmailBlock, blocks.StructBlock):
    """A news item, project, event or campaign, shown in the reader's language."""

    page = blocks.PageChooserBlock(label=_("page"), page_type=TEASER_PAGE_TYPES)
    summary = blocks.TextBlock(
        label=_("summary"),
        required=False,
        help_text=_("Leave empty to use the page's own summary."),
    )
    show_image = blocks.BooleanBlock(label=_("show the page's image"), required=False, default=True)

    email_template = "email/issue/blocks/teaser"

    class Meta:
        label = _("Teaser")
        icon = "doc-full-inverse"
        template = "components/newsletter/teaser_block.html"
        description = _("A teaser of another page, in the issue's language where it is translated")

    def email_pages(self, value):
        return [value["page"]]

    def email_context(self, value, edition):
        page = edition.page(value["page"])
        if page is None:
            return None
        image = page.card_image if value["show_image"] else None
        summary = value["summary"] or page.card_summary
        return {
            "title": page.title,
            "url": page.get_full_url(),
            "summary": summary,
            "summary_text": wrap(summary or ""),
            "kind": page._meta.verbose_name,
            "date": date_format(page.date, "DATE_FORMAT") if getattr(page, "date", None) else "",
            "image_url": edition.image_url(image) if image else "",
            "image_alt": image.default_alt_text if image else "",
        }


class NewsletterBodyBlock(CleanedStreamBlock):
    """The blocks of an issue's body."""

    heading = NewsletterHeadingBlock()
    paragraph = NewsletterParagraphBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        icon="pilcrow",
        template="components/blocks/paragraph_block.html",
        description=_("Formatted text"),
    )
    image = NewsletterImageBlock()
    button = NewsletterButtonBlock()
    teaser = TeaserBlock()
