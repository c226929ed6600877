"""Who translates and reviews each language, what changed in the sources, which digests went out."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LanguageTeam(models.Model):
    """The groups that translate into one language and review the translations, and their workflow.

    Rows are written by `translators.teams.setup_translators`; a language produced by
    transliteration (Serbian Cyrillic) has reviewers and a workflow but no translators.
    """

    locale = models.OneToOneField(
        "wagtailcore.Locale", verbose_name=_("language"), on_delete=models.CASCADE, related_name="team"
    )
    translators = models.OneToOneField(
        Group,
        verbose_name=_("translators"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translators_of",
    )
    reviewers = models.OneToOneField(
        Group,
        verbose_name=_("reviewers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewers_of",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("review workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("language team")
        verbose_name_plural = _("language teams")

    def __str__(self):
        return self.locale.get_display_name()


class SourceChange(models.Model):
    """A published change to the translatable content of a page or snippet that others translate."""

    source = models.ForeignKey(
        "wagtail_localize.TranslationSource", on_delete=models.CASCADE, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The source strings that are new or reworded: [{"path": content path, "text": source text}].
    strings = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("source change")
        verbose_name_plural = _("source changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.source.object_repr} ({self.changed_at:%Y-%m-%d %H:%M})"


class DigestDelivery(models.Model):
    """One translator's digest for one language on one day; its uniqueness makes digests daily."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "locale", "day"], name="one_digest_a_day"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.locale} · {self.day}"


class LatinTerms(models.Model):
    """Terms that the transliterated (Serbian Cyrillic) edition of one page or snippet keeps in Latin."""

    # The translation key of the page or snippet: one list serves all its languages.
    translation_key = models.UUIDField(unique=True)
    terms = models.TextField(
        _("kept in Latin letters"),
        blank=True,
        help_text=_("Names and terms the Cyrillic edition writes in Latin letters, one a line."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("terms kept in Latin letters")
        verbose_name_plural = _("terms kept in Latin letters")

    def __str__(self):
        return ", ".join(self.as_list())

    def as_list(self):
        return [line.strip() for line in self.terms.splitlines() if line.strip()]
