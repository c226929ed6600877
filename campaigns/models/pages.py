"""Campaign pages: the ask and its timeline, the call to action, and what keeps supporters informed."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from campaigns import views
from campaigns.forms import SignatureForm
from campaigns.models.signatures import Campaign
from campaigns.sharing import share_links
from home.blocks import BodyBlock, DocumentBlock
from home.fields import RichTextField
from home.localization import in_language, localize_all
from home.models import BasePage
from home.search import SearchType
from home.visibility import public_q
from news.models import EventPage, NewsPage

# Listings show the most recently launched campaigns first.
NEWEST_FIRST = [F("first_published_at").desc(nulls_last=True), "-pk"]
# Enough to follow a campaign from its page; older updates stay in the news section.
UPDATES_SHOWN = 10
# The most recent public names: a sign of life, not a register of signatories.
SUPPORTERS_SHOWN = 20


class Supporters(NamedTuple):
    """A campaign's recent public signatures, and the footnotes their countries carry."""

    signatures: list
    footnotes: list


class CampaignIndexPage(BasePage):
    """The campaigns of the network: those open for signatures, those coming up and past ones."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    template = "pages/campaigns/campaign_index_page.html"

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Campaigns not yet translated into the reader's language are shown in a fallback.
        children = Q()
        for parent in self.get_translations(inclusive=True):
            children |= Q(path__startswith=parent.path, depth=parent.depth + 1)
        pages = CampaignPage.objects.live().filter(public_q()).filter(children).order_by(*NEWEST_FIRST)
        campaigns = with_campaigns(in_language(pages, self.locale.language_code))
        Status = CampaignPage.Status
        context.update(
            open_campaigns=[page for page in campaigns if page.phase == Status.ACTIVE],
            upcoming_campaigns=[page for page in campaigns if page.phase == Status.UPCOMING],
            past_campaigns=[page for page in campaigns if page.phase in (Status.CLOSED, Status.WON)],
        )
        return context


class CampaignPage(RoutablePageMixin, BasePage):
    """A campaign that readers join by signing, and follow through its updates.

    Its signatures, their count and its mailing list belong to every translation alike
    (campaigns.models.Campaign); status, dates and target are the same in every language.
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", pgettext_lazy("campaign status", "Upcoming")
        ACTIVE = "active", pgettext_lazy("campaign status", "Active")
        CLOSED = "closed", pgettext_lazy("campaign status", "Closed")
        WON = "won", pgettext_lazy("campaign status", "Won")

    ask = models.TextField(
        _("the ask"), help_text=_("What the campaign asks, and of whom, in one or two sentences.")
    )
    goals = RichTextField(_("goals"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPCOMING)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Signatures are accepted from this day.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("The last day signatures are accepted.")
    )
    signature_target = models.PositiveIntegerField(
        _("signature target"),
        null=True,
        blank=True,
        help_text=_("The number of signatures aimed for; leave empty to show the count alone."),
    )
    call_to_action = models.CharField(
        _("call to action"),
        max_length=100,
        blank=True,
        help_text=_("The heading of the form, e.g. “Take the pledge”; “Sign the petition” if empty."),
    )
    hero_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    hashtag = models.CharField(
        _("hashtag"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^#?\w+$", _("Letters, digits and underscores only, e.g. #CivicSpace."))],
    )
    toolkit = StreamField(
        [("document", DocumentBlock())],
        blank=True,
        verbose_name=_("toolkit"),
        help_text=_("Documents supporters can download: letters, graphics, briefings."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("ask"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("signature_target"),
                FieldPanel("call_to_action"),
                FieldPanel("hashtag"),
            ],
            heading=_("Signatures"),
        ),
        FieldPanel("goals"),
        FieldPanel("body"),
        InlinePanel("partners", heading=_("Partner organisations"), label=_("partner")),
        FieldPanel("toolkit"),
        InlinePanel("related_events", heading=_("Related events"), label=_("event")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("ask"),
        index.SearchField("goals"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("locale_id"),
    ]
    # One campaign in every language: the same timeline and target, one shared count.
    override_translatable_fields = [
        SynchronizedField("status", overridable=False),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("signature_target", overridable=False),
        SynchronizedField("hashtag"),
    ]

    search_type = SearchType("campaigns", _("Campaigns"))
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []
    template = "pages/campaigns/campaign_page.html"

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        self.hashtag = self.hashtag.lstrip("#")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A campaign cannot end before it starts.")})

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "title" in update_fields:
            Campaign.objects.for_page(self)
        return result

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    @property
    def card_summary(self):
        return self.listing_summary or self.ask

    @cached_property
    def campaign(self):
        """The campaign every translation shares; None for a page never saved (a preview)."""
        return (
            Campaign.objects.filter(translation_key=self.translation_key)
            .select_related("mailing_list")
            .first()
        )

    @property
    def signature_count(self):
        return self.campaign.signature_count if self.campaign else 0

    @property
    def phase(self):
        """The status visitors see: an active campaign is upcoming before its start, closed after its end."""
        today = timezone.localdate()
        if self.status == self.Status.ACTIVE:
            if self.start_date and today < self.start_date:
                return self.Status.UPCOMING
            if self.end_date and today > self.end_date:
                return self.Status.CLOSED
        return self.Status(self.status)

    @property
    def accepts_signatures(self):
        return self.phase == self.Status.ACTIVE and self.campaign is not None

    @property
    def refusal(self):
        """Why the campaign takes no signatures now, in the reader's language; "" while it does."""
        phase = self.phase
        if phase == self.Status.UPCOMING:
            if self.start_date and self.start_date > timezone.localdate():
                return _("This campaign opens for signatures on %(date)s.") % {
                    "date": date_format(self.start_date)
                }
            return _("This campaign is not open for signatures yet.")
        if phase == self.Status.WON:
            return _(
                "This campaign has been won, and no longer takes signatures. "
                "Thank you to everyone who signed."
            )
        if phase == self.Status.CLOSED:
            if self.end_date and self.end_date < timezone.localdate():
                return _("This campaign closed for signatures on %(date)s.") % {
                    "date": date_format(self.end_date)
                }
            return _("This campaign is closed for signatures.")
        return ""

    def progress_percent(self):
        if not self.signature_target:
            return None
        return min(100, self.signature_count * 100 // self.signature_target)

    def updates(self):
        """The news items that name this campaign, in the page's language, newest first."""
        named = NewsPage.objects.filter(related_pages__page__translation_key=self.translation_key)
        pages = (
            NewsPage.objects.live()
            .filter(public_q())
            .filter(translation_key__in=named.values("translation_key"))
        )
        return in_language(pages.order_by("-date", "-pk"), self.locale.language_code)[:UPDATES_SHOWN]

    def events(self):
        """The related events, in the page's language, soonest first."""
        ids = [link.event_id for link in self.related_events.all()]
        chosen = EventPage.objects.filter(pk__in=ids).values("translation_key")
        pages = (
            EventPage.objects.live()
            .filter(public_q())
            .filter(translation_key__in=chosen)
            .order_by("start", "pk")
        )
        return in_language(pages, self.locale.language_code)

    def partners_shown(self):
        """The partner organisations, in order, named in the page's language."""
        links = self.partners.select_related("organisation")
        return localize_all([link.organisation for link in links], self.locale.language_code)

    def supporters(self):
        """The most recent confirmed signatures whose signers asked to be named, newest first.

        Each has `country_shown`, its country in the page's language; `footnotes` are the
        designation footnotes those countries carry.
        """
        if self.campaign is None:
            return Supporters([], [])
        signatures = list(
            self.campaign.signatures.public()
            .select_related("country")
            .order_by("-confirmed_at")[:SUPPORTERS_SHOWN]
        )
        countries = localize_all([signature.country for signature in signatures], self.locale.language_code)
        for signature, country in zip(signatures, countries, strict=True):
            signature.country_shown = country
        footnotes = dict.fromkeys(
            country.designation_footnote for country in countries if country.designation_footnote
        )
        return Supporters(signatures, list(footnotes))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            form=SignatureForm(page=self, request=request) if self.accepts_signatures else None,
            share_links=share_links(self.get_full_url(request), title=self.title, hashtag=self.hashtag),
        )
        return context

    @path("sign/check-your-inbox/", name="signed")
    def signed_route(self, request):
        return views.signed(request, self)

    # The token rides in the query string: Wagtail's page paths allow no colons.
    @path("confirm/", name="confirm")
    def confirm_route(self, request):
        return views.confirm(request, self, request.GET.get("token", ""))


class CampaignPartner(Orderable):
    """An organisation the campaign is run with."""

    campaign_page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "home.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("organisation")]
    # A reference shared by every translation (home.models.taxonomy), kept in step when the
    # campaign's translations are synced, which a many-to-many field is not.
    override_translatable_fields = [SynchronizedField("organisation")]


class CampaignEvent(Orderable):
    """An event that is part of a campaign, shown on its page in the reader's language."""

    campaign_page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="related_events")
    event = models.ForeignKey(EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("event")]


def with_campaigns(pages):
    """Give each campaign page its shared campaign in one query (for listings); return the pages."""
    campaigns = Campaign.objects.in_bulk(
        [page.translation_key for page in pages], field_name="translation_key"
    )
    for page in pages:
        page.campaign = campaigns.get(page.translation_key)
    return pages
