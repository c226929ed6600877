"""Which pages anyone may see, decided inside the query that lists them."""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction

from home.shared_parts import any_private_page


def public_q():
    """Match the pages outside every private section (a page with view restrictions, and below it).

    The same rule as Wagtail's `PageQuerySet.public()`, which first reads every restriction in a
    query of its own; this is a subquery of the query it filters, so a page lists its menus,
    sections and cards without one more round trip each. While no page is private it matches
    every page, and the queries it filters compile no subquery at all.
    """
    if not any_private_page():
        return Q()
    restrictions = PageViewRestriction.objects.annotate(prefix_length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("prefix_length"))
    )
    return ~Exists(restrictions)
