"""Images depeches stores and serves, the readers' reports on them, and moderation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """One picture, stored once per content hash, whatever articles use it."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        BLOCKED = "blocked", _("Blocked")
        # Restored by a moderator and never blocked automatically again.
        PROTECTED = "protected", _("Protected")

    source_url = models.URLField(max_length=2000)
    sha256 = models.CharField(max_length=64, unique=True)
    # 64-bit perceptual hash (imagehash.phash) as 16 hex digits, for near-identical pictures.
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=50, blank=True)
    file = models.CharField(max_length=300, help_text=_("path under MEDIA_ROOT"))
    thumbnail = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    blocked_at = models.DateTimeField(null=True, blank=True)
    # Set when the block spread from a near-identical image blocked by readers or moderators.
    blocked_like = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="look_alikes_blocked",
        verbose_name=_("blocked as near-identical to"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["status", "-created_at"], name="image_status")]

    def __str__(self) -> str:
        return self.source_url


class ArticleImage(models.Model):
    """An image as used by one article: its place in the article and its caption."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="image_uses"
    )
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="uses")
    position = models.PositiveSmallIntegerField(default=0)
    is_lead = models.BooleanField(default=False)
    caption = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="one_use_per_article")
        ]

    def __str__(self) -> str:
        return f"image {self.image_id} in article {self.article_id}"


class ImageReport(models.Model):
    class Reason(models.TextChoices):
        # Labels readers choose from, in the interface's source language like its other text.
        INAPPROPRIATE = "inappropriate", _("Contenu inapproprié")
        VIOLENT = "violent", _("Image violente")
        COPYRIGHT = "copyright", _("Atteinte au droit d'auteur")
        OTHER = "other", _("Autre raison")

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="reports")
    # Who reported, without storing who they are: a signed cookie's id and a salted,
    # daily-rotated hash of the IP address.
    reporter_key = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    by_staff = models.BooleanField(default=False)
    # Cleared reports stay as history but no longer count towards the threshold.
    counts = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("image report")
        verbose_name_plural = _("image reports")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "reporter_key"], name="one_report_per_reporter"
            )
        ]
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="report_ip_day"),
            models.Index(fields=["reporter_key", "created_at"], name="report_reporter_day"),
        ]

    def __str__(self) -> str:
        return f"report on image {self.image_id} ({self.reason or 'no reason'})"


class ModerationEvent(models.Model):
    class Action(models.TextChoices):
        AUTO_BLOCK = "auto_block", _("Blocked after reports")
        SIMILAR_BLOCK = "similar_block", _("Blocked as near-identical to a blocked image")
        CONFIRM = "confirm", _("Block confirmed")
        RESTORE = "restore", _("Restored")
        PROTECT = "protect", _("Restored and protected")
        CLEAR = "clear", _("Reports cleared")

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="moderation_events")
    action = models.CharField(max_length=20, choices=Action.choices)
    # None for what depeches did by itself.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self) -> str:
        return f"{self.action} on image {self.image_id}"


class ImageToReview(Image):
    """The moderators' queue in the admin: images with reports that count, or blocked."""

    class Meta:
        proxy = True
        verbose_name = _("image to review")
        verbose_name_plural = _("images to review")
