"""Dates by which other parts of the site need a translation, contributed through a Wagtail hook.

An app registers a function that takes a Locale and returns what must be translated into that
language before a date, e.g. a newsletter issue scheduled to be sent::

    @hooks.register("register_translation_deadlines")
    def newsletter_issues_waiting(locale):
        return [
            {"title": issue.title, "deadline": send.scheduled_at, "url": edit_url}
            for ...
        ]

Each item is a mapping with "title" (what waits), "deadline" (an aware datetime) and,
optionally, "url" (where a translator acts on it, e.g. the translation's edit view). The
translators' dashboard lists them, soonest first. The registering app need not import this one.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from wagtail import hooks

HOOK_NAME = "register_translation_deadlines"


@dataclass(frozen=True)
class TranslationDeadline:
    title: str
    deadline: datetime.datetime
    url: str = ""


def translation_deadlines(locale):
    """Return what the registered providers say must be translated into locale, soonest first."""
    deadlines = []
    for provider in hooks.get_hooks(HOOK_NAME):
        for item in provider(locale) or ():
            deadlines.append(_deadline(provider, item))
    return sorted(deadlines, key=lambda item: item.deadline)


def _deadline(provider, item):
    name = f"{provider.__module__}.{provider.__qualname__}"
    if not isinstance(item, Mapping) or not item.get("title") or "deadline" not in item:
        raise ImproperlyConfigured(f"{HOOK_NAME}: {name} returned {item!r}; give a title and a deadline.")
    deadline = item["deadline"]
    if not isinstance(deadline, datetime.datetime) or timezone.is_naive(deadline):
        raise ImproperlyConfigured(
            f"{HOOK_NAME}: {name} gave the deadline {deadline!r}; give an aware datetime."
        )
    return TranslationDeadline(title=str(item["title"]), deadline=deadline, url=item.get("url") or "")
