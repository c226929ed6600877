import json

from django import template

from wagtail.models import Page

from home.languages import is_right_to_left, language_name
from translators.editions import derived_languages
from translators.machine import machine_translation_offer, unchecked_machine_translations
from translators.models import LatinTerms
from translators.review import may_publish, review_status

register = template.Library()


@register.simple_tag
def content_language(locale, source_locale=None):
    """Return the language and writing direction of content in locale (and of its source), for scripts."""
    result = {"code": locale.language_code, "direction": _direction(locale)}
    if source_locale is not None:
        result["source"] = {"code": source_locale.language_code, "direction": _direction(source_locale)}
    return result


@register.simple_tag(takes_context=True)
def confined_editor_props(context, props, instance):
    """Return the translation editor's props without the actions that publish past the user's rights."""
    if not isinstance(instance, Page) or may_publish(context["request"].user, instance):
        return props
    data = json.loads(props)
    # Converting to an alias puts the source's content live in place of the translation.
    data["object"]["convertToAliasUrl"] = None
    return json.dumps(data)


@register.inclusion_tag("translators/editor/review_panel.html", takes_context=True)
def translation_review_panel(context, translation):
    """Show, above the translation editor, the translation's review and the machine translation service."""
    request = context["request"]
    return {
        "translation": translation,
        "review": review_status(translation, request.user),
        "machine": _machine_offer(translation),
        "unchecked_machine_translations": unchecked_machine_translations(translation).count(),
        "kept_in_latin": _kept_in_latin(translation),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


def _machine_offer(translation):
    offer = machine_translation_offer(translation)
    if offer["stand_in"]:
        offer["stand_in"] = language_name(offer["stand_in"])
    return offer


def _kept_in_latin(translation):
    """Return the terms kept in Latin if a transliterated edition follows the target language, else None."""
    if translation.target_locale.language_code not in derived_languages().values():
        return None
    terms = LatinTerms.objects.filter(translation_key=translation.source.object_id).first()
    return terms.terms if terms else ""


def _direction(locale):
    return "rtl" if is_right_to_left(locale.language_code) else "ltr"
