"""Which pages anyone may see, decided inside the query that lists them."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def public_q():
    """Match the pages outside every private section (a page with view restrictions, and below it).

    The same rule as Wagtail's `PageQuerySet.public()`, which first reads every restriction in a
    query of its own; this is a subquery of the query it filters, so a page lists its menus,
    sections and cards without one more round trip each.
    """
    restrictions = PageViewRestriction.objects.annotate(prefix_length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("prefix_length"))
    )
    return ~Exists(restrictions)
