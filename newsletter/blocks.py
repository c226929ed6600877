"""The blocks of a newsletter issue. Each renders as part of a web page (its template) and as
email (templates/email/issue/blocks/<name>.mjml and .txt, see newsletter.sending.rendering)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import ButtonBlock, HeadingBlock, ImageBlock

# Email clients ignore most markup, so issues offer only what renders well in mail.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]

# The pages an issue can tease: news, projects and events (all ArticlePage), and campaigns.
# Every one must offer `card_image` and `card_summary`, as home.models.BasePage does.
TEASER_PAGE_TYPES = ["home.ArticlePage", "campaigns.CampaignPage"]


class NewsletterHeadingBlock(HeadingBlock):
    class Meta:
        template = "components/newsletter/heading_block.html"


class NewsletterImageBlock(ImageBlock):
    class Meta:
        template = "components/newsletter/image_block.html"


class NewsletterButtonBlock(ButtonBlock):
    class Meta:
        template = "components/newsletter/button_block.html"


class TeaserBlock(blocks.StructBlock):
    """A news item, project, event or campaign, shown in the reader's language."""

    page = blocks.PageChooserBlock(label=_("page"), page_type=TEASER_PAGE_TYPES)
    summary = blocks.TextBlock(
        label=_("summary"),
        required=False,
        help_text=_("Leave empty to use the page's own summary."),
    )
    show_image = blocks.BooleanBlock(label=_("show the page's image"), required=False, default=True)

    class Meta:
        label = _("Teaser")
        icon = "doc-full-inverse"
        template = "components/newsletter/teaser_block.html"
        description = _("A teaser of another page, in the issue's language where it is translated")


class NewsletterBodyBlock(blocks.StreamBlock):
    """The blocks of an issue's body."""

    heading = NewsletterHeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        icon="pilcrow",
        template="components/newsletter/paragraph_block.html",
        description=_("Formatted text"),
    )
    image = NewsletterImageBlock()
    button = NewsletterButtonBlock()
    teaser = TeaserBlock()
