"""Rich text cleaned to exactly what its editor's features allow, wherever it comes from.

The Draftail editor only ever writes its features' markup, but rich text also arrives through
the ORM, imports, wagtail-localize's PO uploads and machine translation, and any future API.
Whatever arrives is cleaned by nh3 (Ammonia) when it is stored, to the elements and attributes
of the field's features in Wagtail's database format (`<a linktype="page" id="3">`, `<embed
embedtype="image" ...>`); scripts, event handlers, styles and `javascript:` links never stay.
Email, which no Content Security Policy protects, is cleaned once more after Wagtail expands
the database format (`clean_email_html`).
"""

import re

import nh3

from wagtail.rich_text import features as feature_registry

# Elements every rich text may hold, whatever its features; Draftail keys its blocks by
# `data-block-key`, which wagtail-localize relies on.
BASE_TAGS = {"p": {"data-block-key"}, "br": set()}
BLOCK_KEY = {"data-block-key"}

# What each of Wagtail's editor features writes, in its database format.
FEATURE_TAGS = {
    "bold": {"b": set(), "strong": set()},
    "italic": {"i": set(), "em": set()},
    "h1": {"h1": BLOCK_KEY},
    "h2": {"h2": BLOCK_KEY},
    "h3": {"h3": BLOCK_KEY},
    "h4": {"h4": BLOCK_KEY},
    "h5": {"h5": BLOCK_KEY},
    "h6": {"h6": BLOCK_KEY},
    "ol": {"ol": BLOCK_KEY, "li": BLOCK_KEY},
    "ul": {"ul": BLOCK_KEY, "li": BLOCK_KEY},
    "hr": {"hr": set()},
    "code": {"code": set()},
    "superscript": {"sup": set()},
    "subscript": {"sub": set()},
    "strikethrough": {"s": set()},
    "blockquote": {"blockquote": BLOCK_KEY},
    "link": {"a": {"href", "id"}},
    "document-link": {"a": {"id"}},
    "image": {"embed": {"id", "format", "alt"}},
    "embed": {"embed": {"url"}},
}
# Values of the attributes that say what a link or an embed points at, per feature.
FEATURE_ATTRIBUTE_VALUES = {
    "link": {"a": {"linktype": {"page"}}},
    "document-link": {"a": {"linktype": {"document"}}},
    "image": {"embed": {"embedtype": {"image"}}},
    "embed": {"embed": {"embedtype": {"media"}}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Wagtail finds `<embed .../>` only in its self-closing spelling, which HTML serialisers drop.
VOID_EMBED = re.compile(r"<embed\b([^>]*?)\s*/?>")

# Front-end HTML an email may carry once Wagtail has expanded links and images.
EMAIL_TAGS = {
    "p": set(),
    "br": set(),
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "ol": set(),
    "ul": set(),
    "li": set(),
    "hr": set(),
    "code": set(),
    "sup": set(),
    "sub": set(),
    "s": set(),
    "blockquote": set(),
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}


def default_features():
    """Return the features of a rich text field that names none: Wagtail's defaults."""
    return feature_registry.get_default_features()


def clean_rich_text(html, features=None):
    """Return `html` (Wagtail's database format) holding only what `features` allow."""
    if not html:
        return html
    features = default_features() if features is None else features
    tags = {name: set(attributes) for name, attributes in BASE_TAGS.items()}
    attribute_values = {}
    for feature in features:
        for tag, attributes in FEATURE_TAGS.get(feature, {}).items():
            tags.setdefault(tag, set()).update(attributes)
        for tag, values in FEATURE_ATTRIBUTE_VALUES.get(feature, {}).items():
            for attribute, allowed in values.items():
                attribute_values.setdefault(tag, {}).setdefault(attribute, set()).update(allowed)
    cleaned = nh3.clean(
        html,
        tags=set(tags),
        attributes={tag: attributes for tag, attributes in tags.items() if attributes},
        tag_attribute_values=attribute_values,
        attribute_filter=_keep_tag_boundaries,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return VOID_EMBED.sub(r"<embed\1/>", cleaned)


def clean_email_html(html):
    """Return front-end HTML for an email holding only text markup, links and images."""
    return nh3.clean(
        html,
        tags=set(EMAIL_TAGS),
        attributes={tag: attributes for tag, attributes in EMAIL_TAGS.items() if attributes},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _keep_tag_boundaries(tag, attribute, value):
    """Keep `<` and `>` out of attribute values: Wagtail finds its tags with regular expressions."""
    if attribute == "href":
        return value.replace("<", "%3C").replace(">", "%3E")
    return value.replace("<", "").replace(">", "")
