"""The design system's building blocks in templates: icons and responsive pictures (docs/design.md)."""

from django import template

from home import icons, images

register = template.Library()


@register.simple_tag(name="icon")
def icon_tag(name):
    """{% icon "mail" %}: the Lucide icon, decorative."""
    return icons.icon(name)


@register.simple_tag(name="picture_for")
def picture_tag(image, preset, **attrs):
    """{% picture_for image "card" alt="" loading="lazy" %}: the image's <picture> for that place."""
    if not image:
        return ""
    return images.picture(image, preset, **attrs)
