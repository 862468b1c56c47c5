"""Articles as stored by depeches, and the one list of rubriques they are filed under."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from depeches.sources.models import LANGUAGES


class Rubrique(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name_fr = models.CharField(max_length=100)
    name_ar = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:rubrique", args=[self.slug])

    @property
    def name(self) -> str:
        """The name in the interface's current language."""
        return self.name_ar if (get_language() or "").startswith("ar") else self.name_fr


class Article(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting for its page")
        DONE = "done", _("Extracted from its page")
        FEED_ONLY = "feed_only", _("Feed content only")

    outlet = models.ForeignKey("sources.Outlet", on_delete=models.CASCADE, related_name="articles")
    feed = models.ForeignKey(
        "sources.Feed", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    url = models.URLField(max_length=2000)
    # The URL with tracking parameters, fragments and AMP variants removed: one per article.
    canonical_url = models.CharField(max_length=2000, unique=True)
    guid = models.CharField(max_length=1000, blank=True)

    title = models.CharField(max_length=1000)
    lead = models.TextField(blank=True)
    text = models.TextField(blank=True)
    # Sanitised on the way in (allowlist); never outlet HTML as received.
    html = models.TextField(blank=True)
    language = models.CharField(max_length=3, choices=LANGUAGES, blank=True)
    author = models.CharField(max_length=300, blank=True)

    published_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    rubrique = models.ForeignKey(
        Rubrique, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    # Hash of the normalised text: tells a real change at the source from a re-fetch.
    fingerprint = models.CharField(max_length=64, blank=True)

    extraction = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.CharField(max_length=50, blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_latest"),
            models.Index(fields=["outlet", "-published_at"], name="article_outlet"),
            models.Index(fields=["rubrique", "-published_at"], name="article_rubrique"),
            models.Index(fields=["story", "-published_at"], name="article_story"),
            models.Index(fields=["outlet", "guid"], name="article_guid"),
            models.Index(fields=["extraction", "fetched_at"], name="article_extraction"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The article page is the reader's site's (depeches.web): it shows the article with
        # its pictures, its outlet and its story, all apps downstream of this one.
        return reverse("web:article", args=[self.pk])

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"
