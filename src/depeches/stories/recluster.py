"""Cluster stored articles again, from scratch, in publication order: after a change of the
clustering, of its settings, or to settle what concurrent workers decided.

The articles published in the window before `since` are loaded with their stories as they
are, so that an article just after `since` still joins the story it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction

from depeches.articles.models import Article
from depeches.stories import assign, embedding, features, stored
from depeches.stories.cluster import Clusterer
from depeches.stories.models import ArticleFeatures, Story

BATCH = 64

Progress = Callable[[int], None]


def recluster(since: datetime | None = None, progress: Progress | None = None) -> dict:
    """Recompute features and stories of the articles published from `since` (all when
    None); returns counts. `progress(n)` is told of every n articles done."""
    articles = Article.objects.order_by("published_at", "id")
    if since is not None:
        articles = articles.filter(published_at__gte=since)
    ids = list(articles.values_list("id", flat=True))
    clusterer = Clusterer()
    if since is not None:
        _load_before(clusterer, since)
    labels, groups, closest = {}, {}, {}
    for start in range(0, len(ids), BATCH):
        batch = list(
            Article.objects.filter(pk__in=ids[start : start + BATCH]).order_by("published_at", "id")
        )
        for article, item in zip(batch, _features(batch), strict=True):
            assignment = clusterer.assign(item)
            labels[article.pk] = assignment.story
            groups[article.pk] = (item, article.fingerprint, assignment.duplicate_group)
            note_closest(closest, article.pk, assignment)
        if progress:
            progress(len(batch))
    with transaction.atomic():
        stories = _write(clusterer, labels, groups, closest)
    assign.forget_window()
    transaction.on_commit(assign._bump_content_version)
    return {"articles": len(ids), "stories": stories}


def _features(batch: list[Article]) -> list[features.Features]:
    texts = [features.Text.of(a.title, a.lead, a.text) for a in batch]
    vectors = embedding.embed([text.embedding_text() for text in texts])
    return [
        features.compute(a.pk, a.language, a.outlet_id, a.published_at, text, vector)
        for a, text, vector in zip(batch, texts, vectors, strict=True)
    ]


def _load_before(clusterer: Clusterer, since: datetime) -> None:
    rows = (
        ArticleFeatures.objects.filter(
            article__published_at__lt=since,
            article__published_at__gte=since - timedelta(seconds=clusterer.window.seconds),
            article__story__isnull=False,
        )
        .order_by("article__published_at", "article_id")
        .values(*stored.WINDOW_COLUMNS)
    )
    for values in rows.iterator(chunk_size=2000):
        clusterer.add_known(
            stored.from_values(values), values["article__story_id"], values["duplicate_group"]
        )


def note_closest(closest: dict, key: int, assignment) -> None:
    """Each article's closest article elsewhere, both ways (a later article may be the
    closest an earlier one has)."""
    if assignment.closest is None:
        return
    similarity = assignment.closest_similarity
    closest[key] = (assignment.closest, similarity)
    known = closest.get(assignment.closest)
    if known is None or known[1] < similarity:
        closest[assignment.closest] = (key, similarity)


def _write(clusterer: Clusterer, labels: dict, groups: dict, closest: dict) -> int:
    """Store the features and the stories; labels that are existing stories (loaded from
    before `since`) keep them, new labels become new stories."""
    old_stories = set(
        Article.objects.filter(pk__in=list(labels), story__isnull=False).values_list(
            "story_id", flat=True
        )
    )
    ArticleFeatures.objects.filter(article_id__in=list(labels)).delete()
    ArticleFeatures.objects.bulk_create(
        [
            ArticleFeatures(
                article_id=key,
                fingerprint=fingerprint,
                duplicate_group=group,
                closest_article_id=closest.get(key, (None, 0.0))[0],
                closest_similarity=closest.get(key, (None, 0.0))[1],
                **stored.columns(item),
            )
            for key, (item, fingerprint, group) in groups.items()
        ],
        batch_size=500,
    )
    members: dict[object, list[int]] = {}
    for key, label in labels.items():
        members.setdefault(clusterer.story_of(label), []).append(key)
    kept_stories = set()
    for label, keys in members.items():
        story_id = label if isinstance(label, int) else _new_story_id()
        for start in range(0, len(keys), 500):
            Article.objects.filter(pk__in=keys[start : start + 500]).update(story_id=story_id)
        kept_stories.add(story_id)
    for story_id in kept_stories | old_stories:
        assign.refresh_story(story_id)
    return len(members)


def _new_story_id() -> int:
    return Story.objects.create().pk
