"""How the site shows images: the renditions and `sizes` of each place an image appears, in one table.

Each place (a card, a hero, an article's picture) has a preset: the sizes it is cut to and how
wide it is shown. `picture` renders a <picture> with AVIF and WebP sources and a JPEG fallback,
width and height set (no layout shift); `prefetch` fetches the renditions of many images at once.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.html import format_html

from wagtail.images.models import Filter, Picture

FORMATS = "format-{avif,webp,jpeg}"


@dataclass(frozen=True)
class Preset:
    sizes: str  # brace-expanded Wagtail filter specs, e.g. "fill-{400x225,800x450}"
    shown: str  # the <img sizes> attribute: how wide the image is on the page

    @property
    def filter_specs(self):
        return Filter.expand_spec(f"{self.sizes}|{FORMATS}")

    @cached_property
    def filters(self):
        """The preset's filters, parsed once: Wagtail parses a spec given as text on every call."""
        return [Filter(spec=spec) for spec in self.filter_specs]


PRESETS = {
    # The home page's hero: beside the text on wide screens, under it on phones.
    "hero": Preset("fill-{480x320,960x640,1440x960}", "(min-width: 62rem) 36rem, 100vw"),
    # A card in a grid of up to three columns (home.listings.prepare_cards prefetches these).
    "card": Preset("fill-{400x225,800x450}", "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"),
    # The featured story: half of the page on wide screens.
    "feature": Preset("fill-{480x270,960x540,1440x810}", "(min-width: 62rem) 36rem, 100vw"),
    # An article's or campaign's own picture, at the width of its text column.
    "article": Preset("fill-{480x270,960x540,1440x810}", "(min-width: 62rem) 56rem, 100vw"),
    # A picture in a body, kept to its proportions.
    "body": Preset("width-{480,960,1440}", "(min-width: 50rem) 45rem, 100vw"),
    # A logo in a list of organisations.
    "logo": Preset("max-{240x96,480x192}", "12rem"),
}
# Shared pages: Open Graph and Twitter cards want 1200x630, one file, in a format every network reads.
SOCIAL_IMAGE = Filter(spec="fill-1200x630|format-jpeg")


def picture(image, preset, **attrs):
    """Return the <picture> of `image` for the place `preset` names, with these <img> attributes."""
    preset = PRESETS[preset]
    renditions = image.get_renditions(*preset.filters)
    attrs = {"sizes": preset.shown, "decoding": "async", **attrs}
    return format_html("{}", Picture(renditions, attrs))


def prefetch(images, *presets):
    """Return an image queryset that fetches the renditions of `presets` with the images."""
    return images.prefetch_renditions(*(spec for preset in presets for spec in PRESETS[preset].filter_specs))
