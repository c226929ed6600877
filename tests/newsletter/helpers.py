"""What the audience's tests do again and again: fill in the form, find a link in an email."""

import re
import time

from django.core import signing

from home.forms import STARTED_SALT


def form_data(email, lists, *, language="en", seconds_ago=30, **extra):
    """The POST data of a subscribe form that a person filled in `seconds_ago` seconds."""
    return {
        "email": email,
        "lists": [row.pk for row in lists],
        "language": language,
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT),
        **extra,
    }


def link_in(text, name):
    """Return the path of the first link to the newsletter's `name` page (confirm, ...) in text."""
    match = re.search(rf"https?://[^/\s]+(/newsletter/{name}/[^\s\"<]+/)", text)
    assert match, f"no {name} link in: {text}"
    return match.group(1)
