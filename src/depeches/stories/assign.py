"""Each stored article into its story, in the database: the online side of cluster.py.

One `Clusterer` per process holds the window of recent articles. It is loaded from the stored
features on first use, then kept up to date with the articles other processes clustered
since (`_sync`), and asks the database for the current story of the articles it matches,
since another process may have merged their stories meanwhile. Two workers clustering two
reports of one new event at the same instant may each start a story; the next article that
matches both merges them, and `depeches recluster` settles everything.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Max, Min, Q

from depeches.articles.models import Article
from depeches.stories import features, stored
from depeches.stories.cluster import Assignment, Clusterer
from depeches.stories.models import ArticleFeatures, Story

log = logging.getLogger(__name__)

_lock = threading.Lock()
_online: OnlineClusterer | None = None


class OnlineClusterer:
    def __init__(self):
        self.clusterer = Clusterer(
            new_story=create_story, current_stories=current_stories, stored_around=stored_around
        )
        self.seen_up_to = 0  # the highest article id loaded into the window

    def sync(self, published: float) -> None:
        """Load the features stored since the last look (all of the window at first)."""
        cutoff = datetime.fromtimestamp(published, UTC) - timedelta(
            seconds=self.clusterer.window.seconds
        )
        rows = (
            ArticleFeatures.objects.filter(
                article_id__gt=self.seen_up_to,
                article__published_at__gte=cutoff,
                article__story__isnull=False,
            )
            .order_by("article__published_at", "article_id")
            .values(*stored.WINDOW_COLUMNS)
        )
        for values in rows.iterator(chunk_size=2000):
            item = stored.from_values(values)
            if item.key not in self.clusterer.window:
                self.clusterer.add_known(
                    item, values["article__story_id"], values["duplicate_group"]
                )
            self.seen_up_to = max(self.seen_up_to, item.key)


def assign_article(article: Article) -> Assignment:
    """Join `article` to a story or start one; updates the stories' counts, dates and titles
    and merges the stories it shows to be one. Safe to call again for the same article."""
    text = features.Text.of(article.title, article.lead, article.text)
    item = features.compute(
        article.pk, article.language, article.outlet_id, article.published_at, text
    )
    global _online
    with _lock:
        online = _online or OnlineClusterer()
        try:
            online.sync(item.published)
            online.clusterer.window.remove(item.key)  # a changed text is decided afresh
            with transaction.atomic():
                assignment = online.clusterer.assign(item)
                _store(article, item, assignment)
        except BaseException:
            # The window may hold what the database does not: start again from the database.
            _online = None
            raise
        _online = online
        online.seen_up_to = max(online.seen_up_to, item.key)
    transaction.on_commit(_bump_content_version)
    return assignment


def forget_window() -> None:
    """Drop this process's window (after a recluster, or between tests)."""
    global _online
    with _lock:
        _online = None


def create_story(item: features.Features) -> int:
    published = datetime.fromtimestamp(item.published, UTC)
    story = Story.objects.create(
        title=item.title[:500], first_published_at=published, last_published_at=published
    )
    return story.pk


# An article far older than the window is compared with at most this many of its days.
STORED_AROUND_LIMIT = 20_000


def stored_around(published: float, seconds: float):
    """The clustered articles published within `seconds` of `published`."""
    middle = datetime.fromtimestamp(published, UTC)
    span = timedelta(seconds=seconds)
    rows = (
        ArticleFeatures.objects.filter(
            article__published_at__range=(middle - span, middle + span),
            article__story__isnull=False,
        )
        .order_by("-article__published_at")
        .values(*stored.WINDOW_COLUMNS)[:STORED_AROUND_LIMIT]
    )
    for values in rows.iterator(chunk_size=2000):
        yield stored.from_values(values), values["article__story_id"], values["duplicate_group"]


def current_stories(keys: list) -> dict:
    return dict(Article.objects.filter(pk__in=keys).values_list("pk", "story_id"))


def refresh_story(story_id: int) -> None:
    """Recount a story from its articles; an empty story is deleted."""
    articles = Article.objects.filter(story_id=story_id)
    totals = articles.aggregate(
        articles=Count("id"),
        outlets=Count("outlet", distinct=True),
        first=Min("published_at"),
        last=Max("published_at"),
    )
    if not totals["articles"]:
        Story.objects.filter(pk=story_id, merged_into__isnull=True).delete()
        Story.objects.filter(pk=story_id).update(article_count=0, outlet_count=0)
        return
    first_title = articles.order_by("published_at", "id").values_list("title", flat=True)[0]
    Story.objects.filter(pk=story_id).update(
        title=first_title[:500],
        article_count=totals["articles"],
        outlet_count=totals["outlets"],
        first_published_at=totals["first"],
        last_published_at=totals["last"],
    )


def merge_stories(kept: int, gone: int) -> None:
    """Move every article of story `gone` into `kept`; `gone` stays, empty, pointing at
    `kept` (as do the stories merged into it before)."""
    Article.objects.filter(story_id=gone).update(story_id=kept)
    Story.objects.filter(Q(pk=gone) | Q(merged_into=gone)).update(
        merged_into=kept, article_count=0, outlet_count=0
    )


def _store(article: Article, item: features.Features, assignment: Assignment) -> None:
    previous = Article.objects.filter(pk=article.pk).values_list("story_id", flat=True).first()
    ArticleFeatures.objects.update_or_create(
        article_id=article.pk,
        defaults={
            **stored.columns(item),
            "fingerprint": article.fingerprint,
            "duplicate_group": assignment.duplicate_group,
            "closest_article_id": assignment.closest,
            "closest_similarity": assignment.closest_similarity,
        },
    )
    if assignment.duplicate_group is not None:
        ArticleFeatures.objects.filter(
            article_id=assignment.duplicate_of, duplicate_group__isnull=True
        ).update(duplicate_group=assignment.duplicate_group)
    if assignment.closest is not None:
        # The nearest article may find this one closer than what it had.
        ArticleFeatures.objects.filter(
            article_id=assignment.closest, closest_similarity__lt=assignment.closest_similarity
        ).update(closest_article_id=article.pk, closest_similarity=assignment.closest_similarity)
    # update(), not save(): no post_save, so storing the story does not cluster again.
    Article.objects.filter(pk=article.pk).update(story_id=assignment.story)
    article.story_id = assignment.story
    for gone in assignment.merged:
        merge_stories(assignment.story, gone)
    refresh_story(assignment.story)
    if previous and previous != assignment.story:
        refresh_story(previous)


def _bump_content_version() -> None:
    from depeches.web.content_version import bump_content_version

    bump_content_version()
