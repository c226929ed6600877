"""The markers an issue is rendered with where each recipient's own parts go.

An issue is rendered once per language, its recipient's links left as markers (`link_markers`).
The fast path (wire.py) turns every marker, those of the headers too, into a gap of a byte
template; every other path (a Django email backend, the preview) fills them in as text (`fill`).
"""

import html
import re

PATTERN = re.compile(r"__nl_([a-z_]+?)__")
# The recipient's own links in an issue's body.
LINKS = ("unsubscribe_url", "preferences_url")


def marker(name):
    """Return the marker that stands for `name` until a recipient's value takes its place."""
    return f"__nl_{name}__"


def link_markers():
    """Return the rendering context that leaves each recipient's links as markers."""
    return {name: marker(name) for name in LINKS}


def rename(text, prefix):
    """Return text with each marker `name` renamed `<prefix>_<name>`, so that one part's gaps are its own."""
    return PATTERN.sub(lambda match: marker(f"{prefix}_{match[1]}"), text)


def fill(text, values, *, markup):
    """Return text with the markers of `values` replaced by their values, escaped when `markup` is HTML."""

    def value(match):
        if match[1] not in values:
            return match[0]
        return html.escape(values[match[1]]) if markup else values[match[1]]

    return PATTERN.sub(value, text)
