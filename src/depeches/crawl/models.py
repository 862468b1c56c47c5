"""Per-host crawl state: politeness is enforced across every worker through this table."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Host(models.Model):
    """One origin (scheme://host:port) that depeches requests pages from."""

    origin = models.CharField(max_length=300, unique=True)
    # No request to this host before this time (pacing, Crawl-delay, Retry-After, backoff).
    next_request_at = models.DateTimeField(default=timezone.now)
    error_streak = models.PositiveIntegerField(default=0)
    robots_txt = models.TextField(blank=True)
    robots_status = models.PositiveSmallIntegerField(null=True, blank=True)
    robots_fetched_at = models.DateTimeField(null=True, blank=True)
    crawl_delay = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")

    def __str__(self) -> str:
        return self.origin
