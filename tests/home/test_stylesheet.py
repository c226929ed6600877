"""The stylesheet mirrors for right-to-left languages and respects readers' settings."""

import re

from django.conf import settings

STYLESHEET = settings.BASE_DIR / "static" / "css" / "site.css"
PHYSICAL_SIDES = re.compile(r"(^|-)(left|right|top|bottom)($|-)")
PHYSICAL_SIZES = {"width", "height", "min-width", "min-height", "max-width", "max-height"}
# Scrolling a wide table sideways is the same gesture in either direction.
AXIS_ONLY = {"overflow-x"}


def declarations():
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    return re.findall(r"([a-z-]+)\s*:\s*([^;{}]+);", css)


def test_the_stylesheet_uses_logical_properties_only():
    physical = [
        f"{name}: {value}"
        for name, value in declarations()
        if name not in AXIS_ONLY
        and (
            PHYSICAL_SIDES.search(name)
            or name in PHYSICAL_SIZES
            or (name in ("float", "clear", "text-align") and value.strip() in ("left", "right"))
        )
    ]

    assert physical == []


def test_four_value_margins_and_paddings_are_not_used():
    lopsided = [
        f"{name}: {value}"
        for name, value in declarations()
        if name in ("margin", "padding", "inset", "border-width") and len(value.split()) == 4
    ]

    assert lopsided == []


def test_focus_is_visible_and_motion_can_be_turned_off():
    css = STYLESHEET.read_text()

    assert re.search(r":focus-visible\s*{[^}]*outline: 3px solid", css)
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "scroll-behavior: smooth" not in css.split("@media (prefers-reduced-motion: no-preference)")[0]


def test_the_stylesheet_loads_nothing_from_elsewhere():
    css = STYLESHEET.read_text()

    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
