"""Outlets (the newspapers and sites depeches follows) and their feeds.

A Feed also carries its crawl schedule and lease: the frontier is a query over this
table (`next_check_at <= now`, claimed with a lease), so no broker is needed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("zgh", _("Tamazight")),
]


class Outlet(models.Model):
    class DisplayMode(models.TextChoices):
        FULL = "full", _("Full text")
        EXCERPT = "excerpt", _("Excerpt")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    home_url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=3, choices=LANGUAGES, default="fr")
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    logo_url = models.URLField(max_length=500, blank=True)
    display_mode = models.CharField(
        max_length=10, choices=DisplayMode.choices, default=DisplayMode.EXCERPT
    )
    # The outlet's own extraction rules, overriding the generic extractor where set:
    # {"body": "css selector", "remove": ["selector", ...], "date": "css selector"}.
    extraction_rules = models.JSONField(default=dict, blank=True)
    # Seconds between two requests to this outlet's host (politeness); empty: the
    # DEPECHES_HOST_DELAY setting. A robots.txt Crawl-delay raises it.
    request_delay = models.FloatField(null=True, blank=True, help_text=_("seconds"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        return self.name

    @property
    def pause_between_requests(self) -> float:
        if self.request_delay is not None:
            return self.request_delay
        return settings.DEPECHES_HOST_DELAY


class Feed(models.Model):
    class Format(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        JSON = "json", "JSON Feed"
        SITEMAP = "sitemap", _("Sitemap")

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=1000, unique=True)
    format = models.CharField(max_length=10, choices=Format.choices, blank=True)
    title = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    # Conditional GET validators from the last 200 answer.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    # Schedule and lease (the frontier).
    next_check_at = models.DateTimeField(default=timezone.now)
    interval = models.PositiveIntegerField(default=15 * 60, help_text=_("seconds"))
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    # Health: every failure is a stable reason code plus its detail.
    error_streak = models.PositiveIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error_code = models.CharField(max_length=50, blank=True)
    last_error_detail = models.TextField(blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["outlet__name", "url"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        indexes = [models.Index(fields=["active", "next_check_at"], name="feed_due")]

    def __str__(self) -> str:
        return self.url
