"""The icons the templates use: Lucide's (home/icons/, ISC licence), inlined so that none costs a request."""

import re
from functools import cache
from pathlib import Path

from django.utils.safestring import mark_safe

ICONS_DIR = Path(__file__).resolve().parent / "icons"
# Icons that point the way the text runs, mirrored in right-to-left languages.
DIRECTIONAL = {"arrow-right", "send"}


@cache
def _svg(name):
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file() or path.parent != ICONS_DIR:
        raise ValueError(f"No icon named {name!r} in {ICONS_DIR} (scripts/build_assets.py copies them).")
    svg = path.read_text().strip()
    classes = "icon icon--directional" if name in DIRECTIONAL else "icon"
    # Decorative: the text beside an icon says what it means.
    return re.sub(r"^<svg\b", f'<svg class="{classes}" aria-hidden="true" focusable="false"', svg, count=1)


def icon(name):
    """Return Lucide's icon `name` as inline SVG, hidden from assistive technology."""
    return mark_safe(_svg(name))  # noqa: S308 (our own files)
