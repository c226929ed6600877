"""The demo's pictures, made when it loads (nothing is downloaded): cover art and maps.

Cover art is drawn from a page's own text: its title seeds the composition (the same title
always gives the same picture) and its kind chooses the colours, in the network's palette. A
project's picture is the map of the Western Balkan countries it covers.
"""

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw

from django.core.files.images import ImageFile

from home import brand
from home.maps import draw_map
from home.models import CustomImage

# Big enough for the widest rendition the templates ask for (the hero at 1600 pixels).
WIDTH, HEIGHT = 1600, 900
SUPERSAMPLING = 2

# (background, shapes) per kind of page.
PALETTES = {
    "news": (brand.BRAND, [brand.BRAND_STRONG, brand.CORAL, brand.ACCENT, "#2f7f8c"]),
    "event": (brand.BRAND_STRONG, [brand.BRAND, brand.ACCENT, brand.CORAL, "#1f6b78"]),
    "campaign": (brand.CORAL, [brand.ACCENT, brand.BRAND_STRONG, "#f0997a", brand.BRAND]),
    "home": (brand.BRAND_STRONG, [brand.BRAND, brand.ACCENT, "#2f7f8c", brand.CORAL]),
    "project": (brand.BRAND_STRONG, [brand.BRAND, brand.ACCENT, "#2f7f8c", brand.CORAL]),
    "publication": (brand.BRAND, [brand.ACCENT, brand.BRAND_STRONG, "#2f7f8c", brand.CORAL]),
}


def _rgba(colour, alpha):
    colour = colour.lstrip("#")
    return (*(int(colour[index : index + 2], 16) for index in (0, 2, 4)), alpha)


def cover_art(text, kind="news", width=WIDTH, height=HEIGHT):
    """Return an RGB image composed from `text`: overlapping discs and a small network of nodes."""
    generator = random.Random(hashlib.sha256(text.encode()).digest())  # noqa: S311 (art, not secrets)
    background, shapes = PALETTES[kind]
    size = (width * SUPERSAMPLING, height * SUPERSAMPLING)
    picture = Image.new("RGBA", size, _rgba(background, 255))
    for colour in generator.sample(shapes, k=len(shapes)):
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        radius = generator.uniform(0.35, 0.75) * size[1]
        x, y = generator.uniform(-0.1, 1.1) * size[0], generator.uniform(-0.2, 1.2) * size[1]
        ImageDraw.Draw(layer).ellipse(
            [x - radius, y - radius, x + radius, y + radius], fill=_rgba(colour, 240)
        )
        picture = Image.alpha_composite(picture, layer)
    _network(picture, generator, nodes=len(text.split()) % 5 + 7)
    return picture.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)


def _network(picture, generator, nodes):
    width, height = picture.size
    # On the side away from where a title would sit over the picture.
    points = [
        (generator.uniform(0.45, 0.95) * width, generator.uniform(0.12, 0.88) * height)
        for _node in range(nodes)
    ]
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    line = max(2, width // 500)
    for start in points:
        for end in sorted((end for end in points if end != start), key=lambda end: math.dist(start, end))[:2]:
            draw.line([start, end], fill=(255, 255, 255, 150), width=line)
    for index, (x, y) in enumerate(points):
        radius = line * (6 if index == 0 else 3.5)
        fill = _rgba(brand.ACCENT, 255) if index == 0 else (255, 255, 255, 235)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill)
    picture.alpha_composite(layer)


def save_image(picture, *, title, description, file_name):
    """Store `picture` as a Wagtail image (WebP, lossless enough for renditions to start from)."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    image = CustomImage(title=title, description=description)
    image.file = ImageFile(buffer, name=file_name)
    image.save()
    return image


def cover_image(page, kind):
    """A cover for `page`, drawn from its title; decorative, so its description is empty."""
    return save_image(
        cover_art(page.title, kind),
        title=f"Cover: {page.title}"[:255],
        description="",
        file_name=f"cover-{page.slug}.png",
    )


def map_image(title, country_codes, description):
    """A map of the Western Balkans with `country_codes` highlighted and joined."""
    return save_image(
        draw_map(WIDTH, HEIGHT, country_codes),
        title=title[:255],
        description=description,
        file_name=f"map-{'-'.join(sorted(code.lower() for code in country_codes))}.png",
    )
