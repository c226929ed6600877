"""Charts drawn on the server as SVG, from a report's tables: no script, mirrored for RTL.

Each chart is a picture of a table that the page shows beside it, so the chart is hidden from
screen readers (aria-hidden) and the table carries the figures.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

WIDTH = 640
BAR = 22
GAP = 8
LABEL = 150
READER = "#0b5cab"
SCANNER = "#9ca3af"


def bars(items, *, rtl=False):
    """Return horizontal bars for [(label, readers, scanners)], readers and scanners stacked."""
    if not items:
        return ""
    top = max((readers + scanners for _label, readers, scanners in items), default=0) or 1
    span = WIDTH - LABEL - 60
    height = len(items) * (BAR + GAP) + GAP
    shapes = []
    for index, (label, readers, scanners) in enumerate(items):
        y = GAP + index * (BAR + GAP)
        reader_width = span * readers / top
        scanner_width = span * scanners / top
        shapes.append(_text(label, LABEL - 8, y + BAR * 0.7, rtl, anchor="end"))
        shapes.append(_rect(LABEL, reader_width, y, READER, rtl))
        shapes.append(_rect(LABEL + reader_width, scanner_width, y, SCANNER, rtl))
        value = str(readers) + (f" (+{scanners})" if scanners else "")
        shapes.append(_figure(value, LABEL + reader_width + scanner_width + 6, y + BAR * 0.7, rtl))
    return _svg(height, shapes, rtl)


def columns(values, *, rtl=False):
    """Return a column per value of [(readers, scanners)]: the timeline, hour by hour."""
    if not values:
        return ""
    top = max((readers + scanners for readers, scanners in values), default=0) or 1
    height = 160
    step = (WIDTH - 40) / len(values)
    shapes = []
    for index, (readers, scanners) in enumerate(values):
        x = 20 + index * step
        reader_height = (height - 30) * readers / top
        scanner_height = (height - 30) * scanners / top
        base = height - 20
        shapes.append(_column(x, step * 0.8, base - reader_height, reader_height, READER, rtl))
        shapes.append(
            _column(x, step * 0.8, base - reader_height - scanner_height, scanner_height, SCANNER, rtl)
        )
        if index % 12 == 0:
            shapes.append(_figure(f"{index}h", x, height - 4, rtl))
    shapes.append(_figure(str(top), 20, 12, rtl))
    return _svg(height, shapes, rtl)


def _x(x, width, rtl):
    return WIDTH - x - width if rtl else x


def _rect(x, width, y, colour, rtl):
    if width <= 0:
        return ""
    return f'<rect x="{_x(x, width, rtl):.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'


def _column(x, width, y, height, colour, rtl):
    if height <= 0:
        return ""
    return (
        f'<rect x="{_x(x, width, rtl):.1f}" y="{y:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="{colour}"/>'
    )


def _text(text, x, y, rtl, *, anchor):
    # Words follow the chart's direction, so "end" is the side away from the bars in both.
    return (
        f'<text x="{_x(x, 0, rtl):.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" '
        f'fill="#111827">{escape(text)}</text>'
    )


def _figure(text, x, y, rtl):
    """Return a number written left to right, running away from its bar on the reading side."""
    return (
        f'<text x="{_x(x, 0, rtl):.1f}" y="{y:.1f}" style="direction:ltr;unicode-bidi:isolate" '
        f'text-anchor="{"end" if rtl else "start"}" font-size="12" fill="#111827">{escape(text)}</text>'
    )


def _svg(height, shapes, rtl):
    return format_html(
        '<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" direction="{}" viewBox="0 0 {} {}" '
        'width="100%" '
        'aria-hidden="true" style="max-inline-size:{}px">{}</svg>',
        "rtl" if rtl else "ltr",
        WIDTH,
        height,
        WIDTH,
        mark_safe("".join(shapes)),  # noqa: S308 - built from numbers and escaped text above
    )
