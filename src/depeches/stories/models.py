"""A story: one event as covered by one or more outlets, in one or both languages."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    title = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Publication times of its first and latest articles: the window and the ranking.
    first_published_at = models.DateTimeField(default=timezone.now)
    last_published_at = models.DateTimeField(default=timezone.now)
    # Denormalised counts, kept by the clustering code, so the home page needs no GROUP BY.
    article_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["-last_published_at"], name="story_recent"),
            models.Index(fields=["-outlet_count", "-last_published_at"], name="story_top"),
        ]

    def __str__(self) -> str:
        return self.title or f"story {self.pk}"
