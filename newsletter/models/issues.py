"""Newsletter issues: translatable pages, read online in the archive and mailed to subscribers."""

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.listings import prefetch_card_images
from home.localization import children_in_language, localize_pages
from home.models import BasePage
from home.search import SearchType
from newsletter.blocks import TEASER_IMAGE, NewsletterBodyBlock
from newsletter.sending.rendering import render_example


class NewsletterArchivePage(BasePage):
    """The issues of one language, newest first: where the email's "view online" link leads."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterIssuePage"]
    max_count_per_parent = 1
    template = "pages/newsletter/archive_page.html"

    # Issues per page of the archive.
    PAGE_SIZE = 12

    class Meta:
        verbose_name = _("newsletter archive")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Issues not translated into the archive's language come in the nearest one that has them.
        # A teaser shows no picture and no body: the body is neither fetched nor decoded.
        issues = (
            children_in_language(self, NewsletterIssuePage)
            .order_by("-first_published_at", "-id")
            .defer_streamfields()
            .select_related("locale")
        )
        context["issues"] = Paginator(issues, self.PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class NewsletterIssuePage(BasePage):
    """One issue of the newsletter: its subject, preview text and body, in one language."""

    subject = models.CharField(
        _("subject"),
        max_length=200,
        blank=True,
        help_text=_("The email's subject line; defaults to the title."),
    )
    preheader = models.CharField(
        _("preview text"),
        max_length=200,
        blank=True,
        help_text=_("Shown after the subject in most mail programs; one short sentence."),
    )
    body = StreamField(NewsletterBodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("subject"), FieldPanel("preheader")], heading=_("Email")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("subject"), index.SearchField("body")]

    search_type = SearchType("newsletter", _("Newsletter issues"))
    # Shown beside the title in the editor's header rather than in its "…" menu (home.admin_header);
    # the header has room for two labels.
    admin_header_actions = {
        "newsletter_sending:preview": "label",
        "newsletter_sending:send": "label",
        "wagtail_localize:submit_page_translation": "icon",
    }
    parent_page_types = ["newsletter.NewsletterArchivePage"]
    subpage_types = []
    template = "pages/newsletter/issue_page.html"

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["teasers"] = self.teasers_in_language()
        return context

    def teasers_in_language(self):
        """Return {teased page's id: its live translation in the reader's language, with its images}.

        All the teasers' pages at once, however many teasers the issue has.
        """
        teased = [block.value["page"] for block in self.body if block.block_type == "teaser"]
        teased = [page for page in teased if page is not None]
        localized = localize_pages(teased)
        prefetch_card_images([page for page in localized if page is not None], renditions=[TEASER_IMAGE])
        return {page.pk: chosen for page, chosen in zip(teased, localized, strict=True)}

    @property
    def email_subject(self):
        return self.subject or self.title

    @property
    def card_summary(self):
        return self.listing_summary or self.preheader

    @property
    def preview_modes(self):
        return [("", _("Web page")), ("email", _("Email")), ("email_text", _("Email, plain text"))]

    def serve_preview(self, request, mode_name):
        if mode_name in {"email", "email_text"}:
            rendered = render_example(self)
            if mode_name == "email_text":
                return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
            return HttpResponse(rendered.html)
        return super().serve_preview(request, mode_name)
