"""What a campaign's translations share: its signatures, their count and its mailing list."""

from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Locale, Page

from home.localization import fallback_order, nearest
from newsletter.models import MailingList


def campaign_title(translation_key, language_code=None):
    """The title of a campaign's page in the reader's language (home.localization.nearest), else any.

    A subquery for annotations; `translation_key` is usually an OuterRef.
    """
    titles = Page.objects.filter(translation_key=translation_key).order_by(
        fallback_order(language_code), "pk"
    )
    return Subquery(titles.values("title")[:1])


class CampaignQuerySet(models.QuerySet):
    def with_titles(self, language_code=None):
        """Annotate each campaign's `title` (see campaign_title)."""
        return self.annotate(title=campaign_title(OuterRef("translation_key"), language_code))


class CampaignManager(models.Manager.from_queryset(CampaignQuerySet)):
    def for_page(self, page):
        """Return the campaign of a campaign page, with its private mailing list.

        Both are made on the first save of any translation of the page. The list (in the
        source language, which subscriptions point at) has a row in each language the page
        is in, named after the page's title in that language.
        """
        with transaction.atomic():
            campaign, _created = self.select_for_update().get_or_create(translation_key=page.translation_key)
            if campaign.mailing_list is None:
                campaign.mailing_list = MailingList.objects.create(
                    locale=Locale.get_default(),
                    slug=f"campaign-{campaign.pk}",
                    name=page.title,
                    is_public=False,
                )
                campaign.save(update_fields=["mailing_list"])
            original = campaign.mailing_list
            if page.locale_id == original.locale_id:
                row = original
            else:
                row = original.get_translation_or_none(page.locale) or original.copy_for_translation(
                    page.locale
                )
            with translation.override(page.locale.language_code):
                description = str(_("Updates on the campaign “%(title)s”.") % {"title": page.title})
            if row.pk is None or (row.name, row.description) != (page.title, description):
                row.name, row.description = page.title, description
                row.save()
        return campaign


class Campaign(models.Model):
    """A campaign as every translation of its page shares it: signatures, their count, its list.

    Apart from the page so that publishing, reverting or translating the page never touches
    the count, which only confirmations change.
    """

    translation_key = models.UUIDField(unique=True, editable=False)
    signature_count = models.PositiveIntegerField(_("confirmed signatures"), default=0, editable=False)
    mailing_list = models.ForeignKey(
        "newsletter.MailingList",
        verbose_name=_("updates list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The private list of the people who asked for the campaign's updates."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CampaignManager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        if hasattr(self, "title"):
            return self.title or str(_("Deleted campaign"))
        return str(Campaign.objects.with_titles().get(pk=self.pk))

    def page_in(self, language_code):
        """Return the live page of the campaign in the language (home.localization.nearest), else any."""
        pages = {
            page.locale.language_code: page
            for page in Page.objects.live()
            .filter(translation_key=self.translation_key)
            .select_related("locale")
            .specific()
        }
        return nearest(pages, language_code) or next(iter(pages.values()), None)


class SignatureQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def public(self):
        """Confirmed signatures whose signers asked for their name to be shown."""
        return self.confirmed().filter(show_name=True)


class Signature(models.Model):
    """One person's signature of one campaign; it counts once its owner confirms it by email.

    Changes go through campaigns.signing. Erasing a confirmed signature keeps only what
    identifies nobody (campaign, country, language, day), so that the count stays true.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("signature status", "Waiting for confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("signature status", "Confirmed")
        ERASED = "erased", pgettext_lazy("signature status", "Erased")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="signatures"
    )
    # Null once erased: one address signs a campaign once, and erased signatures have none.
    email = models.EmailField(_("email"), max_length=254, null=True, blank=True)  # noqa: DJ001
    name = models.CharField(_("name"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    country = models.ForeignKey(
        "home.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    show_name = models.BooleanField(_("name shown publicly"), default=False)
    wants_updates = models.BooleanField(_("asked for updates"), default=False)
    # No choices: the content languages are configuration, not schema.
    language = models.CharField(_("language"), max_length=15)
    consent_wording = models.TextField(_("consent wording shown"))
    consent_version = models.CharField(_("consent wording version"), max_length=50)
    consent_language = models.CharField(
        _("consent language"), max_length=15, help_text=_("The language the wording was shown in.")
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="one_signature_per_address"),
        ]
        indexes = [models.Index(fields=["campaign", "-confirmed_at"], name="signature_recent_idx")]

    def __str__(self):
        return self.name or str(_("Erased signature"))

    @property
    def status(self):
        if self.erased_at:
            return self.Status.ERASED
        return self.Status.CONFIRMED if self.confirmed_at else self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status).label
