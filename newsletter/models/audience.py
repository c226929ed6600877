"""Who may be mailed, in which language, on which lists, and the proof that they asked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from newsletter.addresses import email_hash


class MailingListQuerySet(models.QuerySet):
    def originals(self):
        """Rows in the source language: the ones subscriptions point at."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)

    def public(self):
        return self.filter(is_public=True)


class MailingList(TranslatableMixin, models.Model):
    """A list people subscribe to ("Regional newsletter", "Calls for proposals", ...).

    Subscriptions point at the source-language row; translations only rename it.
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("offered on subscribe forms"),
        default=True,
        help_text=_("Private lists are filled by staff or campaigns only."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("is_public")]

    objects = MailingListQuerySet.as_manager()
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        TranslatableField("description"),
        SynchronizedField("is_public"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_mailing_list_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def mailable(self):
        """Subscribers who may receive the newsletter: confirmed and never suppressed since."""
        return self.filter(status=Subscriber.Status.ACTIVE)


class Subscriber(models.Model):
    """One address and its relationship with the newsletter.

    Status changes go through newsletter.audience, which keeps the rules: only active
    subscribers hold subscriptions, and only a confirmed consent makes one active.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")

    class Way(models.TextChoices):
        """How a subscriber unsubscribed."""

        ONE_CLICK = "one_click", _("One-click, from the mail app")
        LINK = "link", _("Unsubscribe page")
        MAILTO = "mailto", _("Email to the unsubscribe address")
        ESP = "esp", _("Reported by the email service")

    class Source(models.TextChoices):
        FORM = "form", _("Subscribe form")
        IMPORT = "import", _("Import")
        CAMPAIGN = "campaign", _("Campaign")
        ADMIN = "admin", _("Added by staff")
        PREFERENCES = "preferences", _("Preferences page")

    email = models.EmailField(_("email"), max_length=254, unique=True, help_text=_("Stored normalised."))
    name = models.CharField(_("name"), max_length=255, blank=True)
    # No choices here: the content languages are configuration, not schema.
    language = models.CharField(_("language"), max_length=15)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.FORM)
    lists = models.ManyToManyField(
        MailingList, through="Subscription", related_name="subscribers", verbose_name=_("lists")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    # Set when the subscriber leaves (newsletter.audience.unsubscribe); empty for any other status,
    # and for staff's and imports' changes.
    unsubscribed_by = models.CharField(_("unsubscribed by"), max_length=10, choices=Way.choices, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    """A subscriber's membership of one list."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "mailing_list"], name="unique_subscription"),
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.mailing_list}"


class ConsentRecord(models.Model):
    """Proof of consent: the exact wording shown, its version and language, when and how.

    A record made by a subscribe form is also the request it confirms: the lists and the
    language asked for take effect when its confirmation link is followed.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    wording = models.TextField(_("wording shown"))
    version = models.CharField(_("wording version"), max_length=50)
    language = models.CharField(
        _("language"), max_length=15, help_text=_("The language the wording was shown in.")
    )
    requested_language = models.CharField(
        _("language asked for"), max_length=15, blank=True, help_text=_("The language chosen for emails.")
    )
    source = models.CharField(_("source"), max_length=20, choices=Subscriber.Source.choices)
    source_detail = models.CharField(
        _("source detail"), max_length=255, blank=True, help_text=_("Page, import batch or campaign.")
    )
    mailing_lists = models.JSONField(_("lists consented to"), default=list)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.subscriber} v{self.version} ({self.language})"


class SuppressionQuerySet(models.QuerySet):
    def matching(self, address):
        return self.filter(email_hash=email_hash(address))

    def is_suppressed(self, address):
        return self.matching(address).exists()


class Suppression(models.Model):
    """An address that must never be mailed again, remembered only by its hash.

    Outlives the subscriber it came from, so that an import cannot add the address back.
    The address's owner lifts an entry by confirming a new subscription from that mailbox,
    whatever caused it (their leaving, a bounce or a complaint, which a forged webhook or a
    mailbox full for a while can also cause); only staff entries stay until staff remove them.
    """

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        HARD_BOUNCE = "bounced", _("Hard bounce")
        COMPLAINT = "complained", _("Spam complaint")
        ERASED = "erased", _("Data erased on request")
        MANUAL = "manual", _("Added by staff")

    email_hash = models.CharField(_("address hash"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("suppressed"), default=timezone.now)

    # Reasons that the owner's own confirmed request may lift: a person who confirms from
    # the mailbox proves it works and that they want the mail.
    OWNER_REASONS = frozenset({Reason.UNSUBSCRIBED, Reason.ERASED, Reason.HARD_BOUNCE, Reason.COMPLAINT})
    # Reasons that a milder one never replaces.
    LASTING_REASONS = frozenset({Reason.HARD_BOUNCE, Reason.COMPLAINT, Reason.MANUAL})

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.get_reason_display()})"

    @property
    def is_permanent(self):
        """Whether only staff may lift this entry."""
        return self.reason not in self.OWNER_REASONS
