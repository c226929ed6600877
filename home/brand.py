"""The network's identity as code draws it: the colours of the stylesheet's tokens, and its fonts.

static/css/site.css declares the same colours as custom properties (docs/design.md); images the
site makes (maps, social cards, the demo's cover art) take them from here.
"""

from functools import cache
from pathlib import Path

from PIL import ImageFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

BRAND = "#0b5563"
BRAND_STRONG = "#083b45"
BRAND_SOFT = "#dcecef"
ACCENT = "#f4b63f"
CORAL = "#e4704a"
SAND = "#f6f1e7"
SEA = "#d3e6ec"
INK = "#17212b"
WHITE = "#ffffff"


@cache
def font(size, *, bold=True, arabic=False):
    """Noto Sans (Latin and Cyrillic) or Noto Sans Arabic (with Latin) at `size` pixels."""
    name = "noto-sans-arabic" if arabic else "noto-sans"
    return ImageFont.truetype(str(FONTS_DIR / f"{name}-{700 if bold else 400}.woff2"), size)


def draw_mark(draw, left, top, size):
    """Draw the logo mark (static/images/logo-mark.svg) with its top left corner at (left, top)."""
    scale = size / 48

    def at(x, y):
        return (left + x * scale, top + y * scale)

    draw.rounded_rectangle([at(0, 0), at(48, 48)], radius=11 * scale, fill=BRAND_STRONG)
    hub, nodes = (24, 24), [(13, 15.5), (35, 15.5), (13, 32.5), (35, 32.5), (24, 10.5), (24, 37.5)]
    for node in nodes:
        draw.line([at(*hub), at(*node)], fill=WHITE, width=max(1, round(2.2 * scale)))
    for x, y in [*nodes, hub]:
        radius = (5.2 if (x, y) == hub else 3.4) * scale
        draw.ellipse([at(x, y)[0] - radius, at(x, y)[1] - radius, at(x, y)[0] + radius, at(x, y)[1] + radius],
                     fill=ACCENT if (x, y) == hub else WHITE)  # fmt: skip
