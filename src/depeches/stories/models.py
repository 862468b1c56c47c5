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
    # A story found to be one with another keeps its id, pointing at the one that remains:
    # its address (shared, bookmarked, in pages cached a moment ago) leads there.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["-last_published_at"], name="story_recent"),
            models.Index(fields=["-outlet_count", "-last_published_at"], name="story_top"),
        ]

    def __str__(self) -> str:
        return self.title or f"story {self.pk}"


class ArticleFeatures(models.Model):
    """What the clustering computed for one article (features.py), kept so that the window
    of recent articles is loaded without computing anything again."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="story_features",
    )
    # Article.fingerprint when these were computed: a changed text is clustered again.
    fingerprint = models.CharField(max_length=64, blank=True)
    vector = models.BinaryField()  # float32 × 512, unit length (zeros: no text)
    signature = models.BinaryField()  # MinHash, uint32 × 128
    terms = models.TextField(blank=True)  # search terms of title and lead, one per line
    entities = models.TextField(blank=True)  # entity keys, one per line
    # Near-duplicates share the id of the group's first article; None: no reprint known.
    duplicate_group = models.BigIntegerField(null=True, blank=True)
    # The closest article in meaning from another outlet, not a reprint (cluster.py), kept
    # for "Lire aussi"; replaced when a closer one arrives.
    closest_article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closest_similarity = models.FloatField(default=0.0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article features")
        verbose_name_plural = _("article features")
        indexes = [models.Index(fields=["duplicate_group"], name="features_duplicate_group")]

    def __str__(self) -> str:
        return f"features of article {self.article_id}"
