"""Model fields that the site's pages share."""

from wagtail import fields

from home.rich_text import clean_rich_text


class RichTextField(fields.RichTextField):
    """A rich text column that keeps only what its features allow, however it was written."""

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value), self.features)
