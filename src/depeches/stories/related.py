"""What the reader's pages ask of the stories: "Lire aussi", "Aussi publié par", the top
stories, a story's full coverage, and lists that show a reprinted dispatch once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.utils import timezone

from depeches.articles.models import Article
from depeches.stories.models import ArticleFeatures, Story

# Top stories: an outlet's coverage counts half as much every this many hours.
FRESHNESS_HALF_LIFE_HOURS = 12.0
_TOP_CANDIDATES = 200


def read_also(article: Article) -> Article | None:
    """The best article of the same story from another outlet (the closest in meaning that
    is not a reprint of this one), else the most similar recent article from another outlet,
    else None."""
    return _best_of_story(article) or _most_similar_recent(article)


def also_published_by(article: Article) -> list[Article]:
    """The near-duplicates of `article` (the same dispatch) from other outlets, oldest first."""
    group = _group_of(article.pk)
    if group is None:
        return []
    return list(
        Article.objects.filter(story_features__duplicate_group=group)
        .exclude(outlet_id=article.outlet_id)
        .select_related("outlet")
        .order_by("published_at", "id")
    )


def top_stories(hours: float = 24, limit: int = 10, now: datetime | None = None) -> list[Story]:
    """Stories with an article in the last `hours`, ranked by their distinct outlets weighted
    by freshness (half-life FRESHNESS_HALF_LIFE_HOURS); stories of one outlet come last."""
    now = now or timezone.now()
    candidates = Story.objects.filter(
        last_published_at__gte=now - timedelta(hours=hours), article_count__gt=0
    ).order_by("-outlet_count", "-last_published_at")[:_TOP_CANDIDATES]

    def rank(story: Story) -> tuple:
        age_hours = max(0.0, (now - story.last_published_at).total_seconds() / 3600)
        freshness = 0.5 ** (age_hours / FRESHNESS_HALF_LIFE_HOURS)
        return (story.outlet_count > 1, story.outlet_count * freshness, story.last_published_at)

    return sorted(candidates, key=rank, reverse=True)[:limit]


@dataclass
class OutletCoverage:
    outlet: object  # sources.Outlet
    articles: list[Article]  # oldest first


@dataclass
class Coverage:
    story: Story
    first: Article | None  # the first to report it
    outlets: list[OutletCoverage] = field(default_factory=list)  # by first report
    languages: list[str] = field(default_factory=list)  # e.g. ["fr", "ar"]
    timeline: list[Article] = field(default_factory=list)  # every article, oldest first


def story_coverage(story: Story) -> Coverage:
    """Every article of the story grouped by outlet, in both languages, the first to report
    it marked (`first`, and `article.is_first` on each article)."""
    articles = list(
        Article.objects.filter(story=story).select_related("outlet").order_by("published_at", "id")
    )
    by_outlet: dict[int, OutletCoverage] = {}
    for position, article in enumerate(articles):
        article.is_first = position == 0
        by_outlet.setdefault(article.outlet_id, OutletCoverage(article.outlet, [])).articles.append(
            article
        )
    languages = sorted({a.language for a in articles if a.language}, key=["fr", "ar"].index)
    return Coverage(
        story=story,
        first=articles[0] if articles else None,
        outlets=list(by_outlet.values()),
        languages=languages,
        timeline=articles,
    )


def collapse_near_duplicates(articles: Iterable[Article]) -> list[Article]:
    """The list with each near-duplicate group shown once, by its first article in the
    list's order; each article kept gets `near_duplicates`: how many were folded into it."""
    articles = list(articles)
    groups = dict(
        ArticleFeatures.objects.filter(
            article_id__in=[a.pk for a in articles], duplicate_group__isnull=False
        ).values_list("article_id", "duplicate_group")
    )
    kept, shown = [], {}
    for article in articles:
        group = groups.get(article.pk)
        if group is not None and group in shown:
            shown[group].near_duplicates += 1
            continue
        article.near_duplicates = 0
        if group is not None:
            shown[group] = article
        kept.append(article)
    return kept


def _group_of(article_id: int) -> int | None:
    return (
        ArticleFeatures.objects.filter(article_id=article_id)
        .values_list("duplicate_group", flat=True)
        .first()
    )


def _vector(article_id: int) -> np.ndarray | None:
    data = (
        ArticleFeatures.objects.filter(article_id=article_id)
        .values_list("vector", flat=True)
        .first()
    )
    if data is None:
        return None
    vector = np.frombuffer(bytes(data), dtype=np.float32)
    return vector if vector.any() else None


def _closest(vector: np.ndarray, rows: list[tuple[int, bytes]]) -> list[tuple[float, int]]:
    if not rows:
        return []
    matrix = np.stack([np.frombuffer(bytes(data), dtype=np.float32) for _, data in rows])
    cosines = matrix @ vector
    return sorted(zip(cosines.tolist(), [pk for pk, _ in rows], strict=True), reverse=True)


def _best_of_story(article: Article) -> Article | None:
    if article.story_id is None:
        return None
    others = Article.objects.filter(story_id=article.story_id).exclude(outlet_id=article.outlet_id)
    group = _group_of(article.pk)
    if group is not None:
        others = others.exclude(story_features__duplicate_group=group)
    candidates = list(others.values_list("pk", "story_features__vector"))
    if not candidates:
        return None
    vector = _vector(article.pk)
    with_vectors = [(pk, data) for pk, data in candidates if data is not None]
    if vector is not None and with_vectors:
        best = _closest(vector, with_vectors)[0][1]
    else:
        best = candidates[0][0]
    return Article.objects.select_related("outlet").get(pk=best)


def _most_similar_recent(article: Article) -> Article | None:
    """The closest article in meaning from another outlet, found when the articles were
    clustered (cluster.Clusterer._note_closest): nothing to compare when a page is shown."""
    closest = (
        ArticleFeatures.objects.filter(article_id=article.pk)
        .values_list("closest_article", flat=True)
        .first()
    )
    if closest is None:
        return None
    return Article.objects.select_related("outlet").filter(pk=closest).first()
