from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Country, Organisation, Topic
from home.outbox import OutboxViewSet
from home.page_links import LocalizedPageLinkHandler
from home.sending_health import SendingHealthViewSet


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "acronym", "relationship", "country", "locale"]
    list_filter = ["relationship", "locale"]
    search_fields = ["name", "acronym"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "list-ul"
    menu_order = 300
    items = (CountryViewSet, TopicViewSet, OrganisationViewSet)


register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet()


@hooks.register("register_admin_viewset")
def register_sending_health():
    return SendingHealthViewSet()


# After Wagtail's own registration of the page link type (order 0), which this one replaces.
@hooks.register("register_rich_text_features", order=1)
def register_localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)
