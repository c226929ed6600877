"""The StreamField blocks that every page body shares."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor
from wagtail_localize.segments.ingest import StreamFieldSegmentsWriter

from home.rich_text import clean_rich_text

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class RichTextBlock(blocks.RichTextBlock):
    """Rich text that keeps only what its features allow, however it was written (home.rich_text)."""

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value), self.features)


class CleanedStreamBlock(blocks.StreamBlock):
    """A stream whose every block passes through its own get_prep_value when stored.

    Wagtail stores the blocks of a stream that nobody read back as they came (a shortcut of
    StreamValue), which would let raw data from the ORM or an import skip RichTextBlock's cleaning.
    """

    def get_prep_value(self, value):
        for _block in value or ():
            pass  # reading each block turns it from raw data into a value its block prepares
        return super().get_prep_value(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"))
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
        # Otherwise every page with a heading is found, and quoted, for "section" or "heading".
        search_index=False,
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "components/blocks/heading_block.html"
        description = _("A heading that starts a section of the page")
        preview_value = {"text": "Why civic space matters", "level": "h2"}


class ImageBlockValue(blocks.StructValue):
    @property
    def alt(self):
        """The image's alternative text in the page's language: none for a decorative image."""
        if self.get("decorative") or not self.get("image"):
            return ""
        return self.get("alt_text") or self["image"].default_alt_text


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    # Part of the page, so translated with it; the image's own description is in one language.
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        # Blocks saved before this field existed read as empty: wagtail-localize needs a str.
        default="",
        help_text=_(
            "What the image shows, for people who cannot see it. Leave empty to use the image's description."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, default="")
    decorative = blocks.BooleanBlock(
        label=_("decorative"),
        required=False,
        help_text=_("Tick only when the image adds nothing to the text: screen readers skip it."),
    )

    class Meta:
        label = _("Image")
        icon = "image"
        template = "components/blocks/image_block.html"
        value_class = ImageBlockValue
        description = _("An image with its alternative text and caption")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("said by"), required=False)
    role = blocks.CharBlock(label=_("role"), required=False)

    class Meta:
        label = _("Quote")
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        description = _("A quotation and who said it")
        preview_value = {
            "text": "By promoting transparency, accountability, and good governance, civil society "
            "helps to prevent the abuse of power and corruption.",
            "attribution": "Eivind Vad Petersson",
            "role": "State Secretary, Norwegian Ministry of Foreign Affairs",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, help_text=_("Defaults to the document's title.")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        label = _("Document")
        icon = "doc-full"
        template = "components/blocks/document_block.html"
        description = _("A document readers can download, with its type and size")


class TableBlock(TypedTableBlock):
    """A table whose cells are text, numbers or rich text.

    Translatable through wagtail-localize, which skips TypedTableBlock: the caption, the
    column headings and every cell are segments, addressed by position ("heading-2",
    "cell-0-1") because table rows and columns have no ids.
    """

    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock(label=_("Text"))),
                ("number", blocks.DecimalBlock(label=_("Number"))),
                ("rich_text", RichTextBlock(features=["bold", "italic", "link"], label=_("Rich text"))),
            ],
            **kwargs,
        )

    class Meta:
        label = _("Table")
        icon = "table"
        template = "components/blocks/table_block.html"
        description = _("A table with a caption and column headings")

    def get_translatable_segments(self, value):
        """Return the caption, headings and cells as wagtail-localize segments."""
        segments = []
        if value.caption:
            segments.append(StringSegmentValue("caption", value.caption))
        for index, column in enumerate(value.columns):
            if column["heading"]:
                segments.append(StringSegmentValue(f"heading-{index}", column["heading"]))
        # A cell is extracted as wagtail-localize extracts a block of its type (numbers: nothing).
        extractor = StreamFieldSegmentExtractor(field=None)
        for row_index, row in enumerate(value.row_data):
            for column_index, (column, cell) in enumerate(zip(value.columns, row["values"], strict=True)):
                if cell is None:
                    continue
                segments.extend(
                    segment.wrap(f"cell-{row_index}-{column_index}")
                    for segment in extractor.handle_block(column["block"], cell)
                )
        return segments

    def restore_translated_segments(self, value, segments):
        """Return a copy of the table with the translated segments put back in place."""
        segments_by_part = defaultdict(list)
        for segment in segments:
            part, inner_segment = segment.unwrap()
            segments_by_part[part].append(inner_segment)

        caption = value.caption
        columns = [dict(column) for column in value.columns]
        rows = [{"values": list(row["values"])} for row in value.row_data]
        # Cells hold plain block values, which need no locale to be written.
        writer = StreamFieldSegmentsWriter(field=None, src_locale=None, tgt_locale=None)
        for part, part_segments in segments_by_part.items():
            kind, *position = part.split("-")
            if kind == "caption":
                caption = part_segments[0].render_text()
            elif kind == "heading":
                columns[int(position[0])]["heading"] = part_segments[0].render_text()
            elif kind == "cell":
                row_index, column_index = map(int, position)
                cell = rows[row_index]["values"][column_index]
                rows[row_index]["values"][column_index] = writer.handle_block(
                    columns[column_index]["block"], cell, part_segments
                )
            else:
                raise ValueError(f"Unknown table segment {part!r}.")
        return TypedTable(columns=columns, row_data=rows, caption=caption)


class SocialLinkBlock(blocks.StructBlock):
    """A link to the network's profile on a social network."""

    network = blocks.CharBlock(label=_("network"), help_text=_("As readers know it, e.g. Mastodon."))
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        label = _("Social link")
        icon = "link-external"


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        label = _("Button")
        icon = "link"
        template = "components/blocks/button_block.html"
        description = _("A prominent link to a page or address")


class SubscribeBlock(blocks.StructBlock):
    """A newsletter subscribe form.

    Names the newsletter's model by string and renders through its template tag, so that
    home's code never imports newsletter.
    """

    heading = blocks.CharBlock(label=_("heading"), required=False)
    text = blocks.TextBlock(label=_("text"), required=False)
    lists = blocks.ListBlock(
        SnippetChooserBlock("newsletter.MailingList"),
        label=_("lists offered"),
        help_text=_("Leave empty to offer every public list."),
    )

    class Meta:
        label = _("Subscribe form")
        icon = "mail"
        template = "components/blocks/subscribe_block.html"
        description = _("A form to subscribe to the newsletter, in the page's language")


class ContactBlock(blocks.StaticBlock):
    """The network's contact details from where they are kept, so that they are changed in one place."""

    class Meta:
        icon = "mail"
        template = "components/blocks/contact_block.html"
        admin_text = _(
            "The network's email and social media, as set in Settings → Network details, and its postal "
            "address in the page's language, as set on the home page."
        )
        label = _("Contact details")
        description = _("The network's email, postal address and social media")


class BodyBlock(CleanedStreamBlock):
    """The blocks of a page's main text."""

    heading = HeadingBlock()
    paragraph = RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        icon="pilcrow",
        template="components/blocks/paragraph_block.html",
        description=_("Formatted text"),
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Embed"),
        icon="media",
        template="components/blocks/embed_block.html",
        description=_("A video or post from another site, by its address"),
    )
    document = DocumentBlock()
    table = TableBlock()
    button = ButtonBlock()
    subscribe = SubscribeBlock()
    contact = ContactBlock()
