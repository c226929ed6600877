"""What readers did with a send: its links, their folded click counts, and, only with consent,
who clicked what."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Link(models.Model):
    """One link of one language's edition of a send, as it was when rendered.

    The redirect reads the target from here, never from the URL, so a link keeps working for
    as long as the send is kept and cannot be turned into a redirect to anywhere else. A row is
    never changed once its send has been rendered, which is what lets each web process keep the
    rows it has read (engagement/views.py).
    """

    class Kind(models.TextChoices):
        CONTENT = "content", _("Link")
        # Hidden from people; only machines that fetch every link follow it.
        HONEYPOT = "honeypot", _("Hidden link for scanners")
        # The 1×1 image of a send that counts opens; its loads fold like clicks.
        OPEN = "open", _("Image that counts opens")

    send = models.ForeignKey("newsletter.Send", on_delete=models.CASCADE, related_name="links")
    language = models.CharField(_("language"), max_length=15)
    position = models.PositiveSmallIntegerField(_("position"))
    target = models.URLField(_("target"), max_length=2000)
    text = models.CharField(_("link text"), max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONTENT)

    class Meta:
        ordering = ["send", "language", "position"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["send", "language", "position"], name="unique_link_position"),
        ]

    def __str__(self):
        return f"{self.send_id} [{self.language}] #{self.position} {self.target}"


class LinkClicks(models.Model):
    """The clicks on one link in one hour, folded from Redis: readers' and scanners' apart."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="hourly")
    hour = models.DateTimeField()
    clicks = models.PositiveIntegerField(default=0)
    scanner_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "hour"], name="unique_link_hour")]

    def __str__(self):
        return f"{self.link_id} @ {self.hour:%Y-%m-%d %H}: {self.clicks} (+{self.scanner_clicks})"


class Click(models.Model):
    """A subscriber's click (or open, on a Link of kind OPEN): kept only when the operator allows
    it and the subscriber consented."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="clicks")
    subscriber = models.ForeignKey(
        "newsletter.Subscriber", on_delete=models.CASCADE, related_name="clicks", verbose_name=_("subscriber")
    )
    clicked_at = models.DateTimeField(_("clicked"))

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        indexes = [models.Index(fields=["subscriber", "-clicked_at"], name="click_history")]

    def __str__(self):
        return f"{self.subscriber_id} → {self.link_id}"


class ClickFold(models.Model):
    """A batch of clicks taken from Redis and written here, so that a retried fold counts it once."""

    batch = models.CharField(max_length=32, unique=True)
    folded_at = models.DateTimeField(default=timezone.now)
    clicks = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.batch


class ClickHistoryConsent(models.Model):
    """A subscriber's consent to have their clicks recorded as theirs, with the wording shown."""

    subscriber = models.ForeignKey(
        "newsletter.Subscriber", on_delete=models.CASCADE, related_name="click_history_consents"
    )
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=15)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("click history consent")
        verbose_name_plural = _("click history consents")

    def __str__(self):
        return f"{self.subscriber_id} ({self.given_at:%Y-%m-%d})"
