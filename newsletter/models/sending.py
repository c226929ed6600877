"""Sends of an issue and their deliveries: one row per recipient, the truth about who got what."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_send_key():
    return secrets.token_hex(6)


def newsletter_mailer():
    """The MAILERS alias a new send goes through (NEWSLETTER_MAILER)."""
    return settings.NEWSLETTER_MAILER


class Send(models.Model):
    """One mailing of an issue to the subscribers of some lists, in each subscriber's language."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Starting")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")
        FINISHED = "finished", _("Finished")

    # Any translation of the issue: a send reaches every translation through its translation key.
    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.PROTECT,
        related_name="sends",
    )
    mailing_lists = models.ManyToManyField(
        "newsletter.MailingList", verbose_name=_("lists"), related_name="sends"
    )
    # Subscribers' own languages to include; empty means all of them.
    languages = models.JSONField(_("subscriber languages"), default=list, blank=True)
    mailer = models.CharField(_("mailer"), max_length=50, default=newsletter_mailer)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    # Makes Message-IDs unique across installations that number their sends alike.
    key = models.CharField(max_length=12, default=new_send_key, editable=False)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    # Staff's choice for this send only: each message then carries a 1×1 image on our own domain
    # (newsletter/engagement). Off by default: mail apps load images for their readers, so the
    # count is an estimate at best.
    track_opens = models.BooleanField(_("count opens"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    planned_at = models.DateTimeField(_("recipients planned"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    pause_reason = models.TextField(_("why it was paused"), blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    # Paused once because complaints or hard bounces passed their limits (sending/rates.py).
    rates_paused = models.BooleanField(default=False, editable=False)
    last_progress_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return f"{self.issue.title} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in {self.Status.QUEUED, self.Status.SENDING, self.Status.PAUSED}


class DeliveryQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])


class Delivery(models.Model):
    """One recipient of one send, moving queued → sending → sent (or bounced, failed, ...)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped: unsubscribed or suppressed")
        CANCELLED = "cancelled", _("Cancelled")

    # Every index costs each claim and settle an insertion, so the foreign keys go without
    # their own: the unique constraint leads with `send`, the history index with `subscriber`.
    # Nor do they have the database's constraints: planning writes its rows from a SELECT of
    # existing subscribers and sends, and checking each row again cost as much as writing it
    # (a million rows: 15 s of triggers, each locking its subscriber's row). Deleting a send
    # or a subscriber still removes its deliveries: Django cascades them (on_delete).
    send = models.ForeignKey(
        Send, on_delete=models.CASCADE, related_name="deliveries", db_index=False, db_constraint=False
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
        db_constraint=False,
    )
    # The edition received (a published translation, perhaps a fallback) and the recipient's own
    # language when the send was planned, which everything around the content follows.
    language = models.CharField(_("language"), max_length=15)
    reader_language = models.CharField(_("reader's language"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A batch being delivered: its id, when and on which host (whose journal knows its progress).
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_on = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reply = models.CharField(_("mail server's reply"), max_length=255, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="unique_delivery_per_send"),
        ]
        indexes = [
            # The queue: only rows still to settle, so a settled row leaves it for good.
            models.Index(
                fields=["send", "status", "id"],
                name="delivery_queue",
                condition=Q(status__in=["queued", "sending"]),
            ),
            # Finds a batch's rows by its claim in one probe, however many settled rows the send
            # has left behind as dead index entries that vacuum has not removed yet.
            models.Index(fields=["claim"], name="delivery_claim", condition=Q(claim__isnull=False)),
            models.Index(fields=["subscriber", "-id"], name="delivery_history"),
        ]

    def __str__(self):
        return f"{self.subscriber_id} ← {self.send_id} ({self.status})"


class RenderedMessage(models.Model):
    """An issue as the recipients of one edition and one reader language receive it, rendered
    once per send.

    Every worker builds its messages from this snapshot, so an edit to the page mid-send
    never gives two recipients of the same language different mail.
    """

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="rendered_messages")
    language = models.CharField(max_length=15)
    # The language of the words around the content (Delivery.reader_language).
    reader_language = models.CharField(max_length=15, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=255)
    preheader = models.CharField(max_length=255, blank=True)
    html = models.TextField()
    text = models.TextField()
    list_name = models.CharField(max_length=255)
    web_url = models.URLField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["send", "language", "reader_language"], name="unique_rendering_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.send_id} [{self.language}/{self.reader_language}] {self.subject}"


class FeedbackEvent(models.Model):
    """A bounce, complaint or unsubscribe reported by an ESP, kept so that a repeat is ignored."""

    esp = models.CharField(max_length=50)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=20)
    email_hash = models.CharField(max_length=64, blank=True)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["esp", "event_id"], name="unique_feedback_event"),
        ]

    def __str__(self):
        return f"{self.esp} {self.event_type} {self.event_id}"
