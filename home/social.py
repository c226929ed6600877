"""What a page looks like when it is shared: its Open Graph image, drawn when the editor chose none.

The drawn card carries the page's title and its section in the page's language, on the network's
colours, right to left for Arabic. Its address names a version derived from what it shows, so a
card is drawn once per version (and kept in the default storage), and the address of a changed
page's card changes with it.
"""

import hashlib
import io

from PIL import Image, ImageDraw

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import get_language_info

from home import brand
from home.images import SOCIAL_IMAGE

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# Changing the drawing changes every card's address, so that caches let go of the old ones.
DESIGN_VERSION = "1"
STORAGE_DIR = "social-images"


def social_title(page):
    """The words a card leads with: a home page's hero title, else the page's title."""
    return getattr(page, "hero_title", "") or page.seo_title or page.title


def section_name(page, request=None):
    """The section a page belongs to (its parent's title), or the site's name for a home page."""
    parent = page.get_parent()
    if parent is None or parent.depth <= 2 or page.depth <= 2:
        return site_name(request)
    return parent.title


def site_name(request=None):
    """The network's name; loaded once per request when there is one."""
    from home.models import NetworkSettings

    return NetworkSettings.load(request_or_site=request).display_name


def card_version(page, request=None):
    """A short digest of what the page's card shows."""
    parts = [
        DESIGN_VERSION,
        page.locale.language_code,
        social_title(page),
        section_name(page, request),
        site_name(request),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def social_image_url(page, request=None):
    """The absolute URL of the image shown when `page` is shared, and its size."""
    image = getattr(page, "card_image", None)
    if image is not None:
        rendition = image.get_rendition(SOCIAL_IMAGE)
        return rendition.full_url, rendition.width, rendition.height
    path = reverse("social_image", args=[page.pk, card_version(page, request)])
    url = request.build_absolute_uri(path) if request is not None else settings.BASE_URL + path
    return url, WIDTH, HEIGHT


def card_png(page):
    """Return the PNG of the page's card, drawing and storing it the first time."""
    name = f"{STORAGE_DIR}/{page.pk}-{card_version(page)}.png"
    if default_storage.exists(name):
        with default_storage.open(name) as stored:
            return stored.read()
    buffer = io.BytesIO()
    draw_card(social_title(page), section_name(page), site_name(), page.locale.language_code).save(
        buffer, format="PNG", optimize=True
    )
    default_storage.save(name, ContentFile(buffer.getvalue()))
    return buffer.getvalue()


def draw_card(title, section, site, language_code):
    """Return the 1200x630 card: mark and site name, section, title; mirrored for right-to-left languages."""
    rtl = get_language_info(language_code)["bidi"]
    arabic_script = language_code in {"ar", "fa", "ur"}
    # Raqm shapes the script and orders mixed runs (an Arabic title naming "SMART Balkans").
    text_options = {"direction": "rtl" if rtl else "ltr", "language": language_code}
    image = Image.new("RGB", (WIDTH, HEIGHT), brand.BRAND)
    draw = ImageDraw.Draw(image)
    _draw_pattern(draw, rtl)

    def font(size, bold=True):
        return brand.font(size, bold=bold, arabic=arabic_script)

    def x_for(width):
        return WIDTH - MARGIN - width if rtl else MARGIN

    mark = 64
    brand.draw_mark(draw, (WIDTH - MARGIN - mark) if rtl else MARGIN, MARGIN - 8, mark)
    name_font = font(30)
    name_width = draw.textlength(site, font=name_font, **text_options)
    name_x = WIDTH - MARGIN - mark - 20 - name_width if rtl else MARGIN + mark + 20
    draw.text((name_x, MARGIN + 2), site, font=name_font, fill=brand.WHITE, **text_options)

    leading = 1.45 if arabic_script else 1.2
    size, lines = _fit(draw, title, font, text_options, leading, max_width=WIDTH - 2 * MARGIN - 160)
    title_font = font(size)
    line_height = round(size * leading)
    top = HEIGHT - MARGIN - line_height * len(lines)
    section_font = font(30)
    section_width = draw.textlength(section, font=section_font, **text_options)
    draw.text((x_for(section_width), top - 58), section, font=section_font, fill=brand.ACCENT,
              **text_options)  # fmt: skip
    for index, line in enumerate(lines):
        width = draw.textlength(line, font=title_font, **text_options)
        draw.text((x_for(width), top + index * line_height), line, font=title_font, fill=brand.WHITE,
                  **text_options)  # fmt: skip
    return image


# Below the site's name and the section: the room a title has.
TITLE_HEIGHT = HEIGHT - MARGIN - 250


def _fit(draw, text, font, options, leading, max_width, sizes=(68, 60, 52, 46, 40)):
    """Return the largest size (and its lines) at which the title fits its room, else the smallest, cut."""
    for size in sizes:
        lines = _wrap(draw, text, font(size), options, max_width)
        if len(lines) * round(size * leading) <= TITLE_HEIGHT:
            return size, lines
    size = sizes[-1]
    lines = _wrap(draw, text, font(size), options, max_width)
    fitting = max(1, TITLE_HEIGHT // round(size * leading))
    if len(lines) > fitting:
        lines = [*lines[: fitting - 1], lines[fitting - 1].rstrip(" .,:;،") + "…"]
    return size, lines


def _wrap(draw, text, font, options, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font, **options) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _draw_pattern(draw, rtl):
    """The logo's network, large and faint, in the corner away from the text."""
    nodes = [(1040, 120), (1150, 230), (960, 250), (1080, 360), (1170, 470), (990, 520), (1110, 600)]
    if rtl:
        nodes = [(WIDTH - x, y) for x, y in nodes]
    for index, start in enumerate(nodes):
        for end in nodes[index + 1 : index + 3]:
            draw.line([start, end], fill=brand.BRAND_STRONG, width=6)
    for index, (x, y) in enumerate(nodes):
        radius = 18 if index == 3 else 12
        draw.ellipse([x - radius, y - radius, x + radius, y + radius],
                     fill=brand.ACCENT if index == 3 else "#2f7f8c")  # fmt: skip
