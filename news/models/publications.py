"""The publications library: reports, policy briefs and the like, each with a document per language."""

from django.conf import global_settings
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.languages import content_language_codes, fallback_chain, language_name
from home.models import ArticlePage
from home.search import SearchType
from home.visibility import public_q
from news.forms import PublicationFilterForm
from news.models.listings import ArticleIndexPage


def document_language_choices():
    """The content languages first, then every other language Django knows, each named in itself."""
    content = content_language_codes()
    others = sorted(
        (code for code, _name in global_settings.LANGUAGES if code not in content),
        key=lambda code: language_name(code).casefold(),
    )
    return [(code, capfirst(language_name(code))) for code in [*content, *others]]


class PublicationLibraryPage(ArticleIndexPage):
    """The network's publications, newest first, with filters by topic, country, year and type."""

    subpage_types = ["news.PublicationPage"]
    filter_form_class = PublicationFilterForm
    template = "pages/listing_page.html"

    class Meta:
        verbose_name = _("publications library")
        verbose_name_plural = _("publications libraries")

    def articles(self):
        return PublicationPage.objects.child_of(self).live().filter(public_q()).order_by("-date", "-id")


class PublicationPage(ArticlePage):
    """A report, policy brief or other publication: what it says, and its documents in each language."""

    class Type(models.TextChoices):
        REPORT = "report", _("Report")
        POLICY_BRIEF = "policy_brief", _("Policy brief")
        STUDY = "study", _("Study")
        GUIDE = "guide", _("Guide")
        POSITION_PAPER = "position_paper", _("Position paper")

    publication_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.REPORT)

    content_panels = [
        *Page.content_panels,
        FieldPanel("publication_type"),
        FieldPanel("date"),
        FieldPanel("lead"),
        InlinePanel(
            "documents",
            heading=_("Documents"),
            label=_("document"),
            help_text=_("The publication itself, one document per language; readers get theirs first."),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [*ArticlePage.search_fields, index.FilterField("publication_type")]

    search_type = SearchType("publications", _("Publications"))
    parent_page_types = ["news.PublicationLibraryPage"]
    subpage_types = []
    template = "pages/publication_page.html"

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    @property
    def kind_label(self):
        return self.get_publication_type_display()

    def documents_for_reader(self, language_code=None):
        """Return the documents in the reader's language first, then its fallbacks', then the rest."""
        chain = fallback_chain(language_code or get_language())
        rank = {code: position for position, code in enumerate(chain)}
        documents = list(self.documents.all())
        prefetch_related_objects(documents, "document")
        # sorted() is stable: documents in no language of the chain keep the editor's order.
        return sorted(documents, key=lambda document: rank.get(document.language, len(chain)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.documents_for_reader()
        return context


class PublicationDocument(Orderable):
    """The publication in one language: the same file for every translation of the page."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=15, choices=document_language_choices)

    panels = [FieldPanel("document"), FieldPanel("language")]
    override_translatable_fields = [SynchronizedField("document"), SynchronizedField("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["publication", "language"], name="one_document_per_language"),
        ]

    @property
    def language_name(self):
        return capfirst(language_name(self.language))
