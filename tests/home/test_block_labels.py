"""The editor names every block of every StreamField in the editor's language."""

import pytest

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from wagtail import blocks
from wagtail.fields import StreamField


def stream_fields():
    return [
        pytest.param(field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models()
        if model._meta.app_label in {"home", "news", "campaigns", "newsletter"}
        for field in model._meta.get_fields()
        if isinstance(field, StreamField) and field.model is model
    ]


def named_blocks(block, path):
    """Yield (path, block) for every block that the editor names, beneath `block`."""
    children = getattr(block, "child_blocks", None) or {}
    for name, child in children.items():
        yield f"{path}.{name}", child
        yield from named_blocks(child, f"{path}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from named_blocks(block.child_block, f"{path}.item")


@pytest.mark.parametrize("field", stream_fields())
def test_every_block_has_a_label_translated_into_the_editors_language(field):
    unlabelled = [
        path
        for path, block in named_blocks(field.stream_block, field.name)
        if not isinstance(block.label, Promise)
    ]

    assert not unlabelled, f"Blocks named by their code name, in English: {unlabelled}"


def test_the_body_blocks_are_named_in_the_editors_language():
    from home.blocks import BodyBlock

    body = BodyBlock()
    with translation.override("en"):
        english = {name: str(block.label) for name, block in body.child_blocks.items()}

    assert english["heading"] == "Heading"
    assert english["paragraph"] == "Paragraph"
