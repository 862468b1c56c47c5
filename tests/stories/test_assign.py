"""Stories in the database: assign_article, the signal, merges, recluster, and the helpers
the reader's pages use. Real databases (SQLite, and PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import call_command

from depeches.articles.models import Article
from depeches.stories import assign, related
from depeches.stories.assign import assign_article
from depeches.stories.models import ArticleFeatures, Story
from tests.stories.conftest import labelled_records

pytestmark = pytest.mark.django_db

RECORDS = {record["id"]: record for record in labelled_records()}
BAM = ["lab-001", "lab-002", "lab-003", "lab-004", "lab-005", "lab-006"]  # one story, 2 dup groups
DERBY = ["lab-015", "lab-016", "lab-017", "lab-018"]
BOURSE = ["lab-007", "lab-010"]  # two days' sessions: two stories


def stored(store, keys):
    articles = [store(RECORDS[key]) for key in keys]
    for article in articles:
        assign_article(article)
    return [Article.objects.get(pk=article.pk) for article in articles]


def test_one_story_in_both_languages_with_its_counts(store):
    articles = stored(store, BAM)
    assert len({a.story_id for a in articles}) == 1
    story = Story.objects.get()
    assert story.article_count == 6
    assert story.outlet_count == 6
    assert story.first_published_at == min(a.published_at for a in articles)
    assert story.last_published_at == max(a.published_at for a in articles)
    assert story.title == articles[0].title


def test_other_events_start_their_own_story(store):
    articles = stored(store, [*DERBY, *BOURSE])
    stories = [a.story_id for a in articles]
    assert len(set(stories[:4])) == 1
    assert len(set(stories)) == 3


def test_near_duplicates_share_a_group_and_are_shown_once(store):
    articles = stored(store, BAM)
    groups = dict(ArticleFeatures.objects.values_list("article_id", "duplicate_group"))
    french, arabic = articles[:3], articles[3:5]
    assert len({groups[a.pk] for a in french}) == 1
    assert len({groups[a.pk] for a in arabic}) == 1
    assert groups[french[0].pk] != groups[arabic[0].pk]
    assert groups[articles[5].pk] is None
    others = related.also_published_by(french[0])
    assert [a.pk for a in others] == [french[1].pk, french[2].pk]
    listed = related.collapse_near_duplicates(Article.objects.order_by("published_at", "id"))
    assert len(listed) == 3
    assert listed[0].near_duplicates == 2


def test_read_also_prefers_another_outlet_of_the_story_that_is_not_a_reprint(store):
    articles = stored(store, [*BAM, *DERBY])
    best = related.read_also(articles[0])
    assert best.story_id == articles[0].story_id
    assert best.outlet_id != articles[0].outlet_id
    assert best.pk not in {articles[1].pk, articles[2].pk}


def test_read_also_falls_back_on_a_similar_recent_article_or_none(store):
    lonely = stored(store, ["lab-120"])[0]
    assert related.read_also(lonely) is None
    first, second = stored(store, ["lab-008", "lab-010"])  # two sessions, two outlets
    assert first.story_id != second.story_id
    assert related.read_also(second) == first


def test_top_stories_rank_outlets_then_freshness(store):
    stored(store, [*BAM, *DERBY, "lab-120"])
    now = datetime.fromisoformat("2026-10-12T12:00:00+01:00")
    top = related.top_stories(hours=24 * 7, limit=5, now=now)
    # The derby (4 outlets, this morning) before the rate decision (6 outlets, 5 days ago),
    # and a story of one outlet last.
    assert [s.outlet_count for s in top] == [4, 6, 1]
    assert related.top_stories(hours=1, now=now) == []


def test_story_coverage_groups_by_outlet_and_marks_the_first(store):
    articles = stored(store, DERBY)
    coverage = related.story_coverage(Story.objects.get(pk=articles[0].story_id))
    assert coverage.first == min(articles, key=lambda a: a.published_at)
    assert coverage.languages == ["fr", "ar"]
    assert len(coverage.outlets) == 4
    assert [a.is_first for a in coverage.timeline] == [True, False, False, False]


def test_stories_shown_to_be_one_are_merged(store):
    # Two reports of the derby put in two stories (as two workers at one instant could),
    # then a third report that matches both: the two stories are one.
    first, second = stored(store, ["lab-015", "lab-016"])
    split = Story.objects.create()
    Article.objects.filter(pk=second.pk).update(story=split)
    assign.refresh_story(split.pk)
    assign.refresh_story(first.story_id)
    assign.forget_window()
    bridge = stored(store, ["lab-017"])[0]
    shown = Story.objects.filter(article_count__gt=0)
    assert shown.count() == 1
    assert Article.objects.filter(story_id=bridge.story_id).count() == 3
    assert shown.get().article_count == 3
    gone = Story.objects.get(article_count=0)
    assert gone.merged_into_id == bridge.story_id


def test_merge_stories_moves_articles_and_leaves_a_pointer(store):
    first, second = stored(store, BOURSE)
    earlier = Story.objects.create(merged_into_id=second.story_id)
    assign.merge_stories(first.story_id, second.story_id)
    assign.refresh_story(first.story_id)
    assert Story.objects.get(pk=first.story_id).article_count == 2
    gone = Story.objects.get(pk=second.story_id)
    assert (gone.article_count, gone.merged_into_id) == (0, first.story_id)
    # A story merged into the gone one before now points at the one that remains.
    assert Story.objects.get(pk=earlier.pk).merged_into_id == first.story_id


def test_the_signal_clusters_each_article_after_commit(store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = store(RECORDS["lab-015"])
    article.refresh_from_db()
    assert article.story_id is not None
    assert ArticleFeatures.objects.filter(article=article).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.save()  # no change of text: the story stays, nothing recomputed
    assert callbacks
    assert Story.objects.count() == 1


def test_a_clustering_failure_never_loses_the_article(
    store, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(article):
        raise RuntimeError("broken clustering")

    monkeypatch.setattr(assign, "assign_article", broken)
    with django_capture_on_commit_callbacks(execute=True):
        article = store(RECORDS["lab-015"])
    assert Article.objects.filter(pk=article.pk, story__isnull=True).exists()
    assert "clustering article" in caplog.text


def test_recluster_recomputes_everything(store):
    articles = [store(RECORDS[key]) for key in [*BAM, *DERBY, *BOURSE]]
    Article.objects.update(story=None)
    call_command("recluster")
    stories = dict(Article.objects.values_list("pk", "story_id"))
    assert len({stories[a.pk] for a in articles[:6]}) == 1
    assert len(set(stories.values())) == 4
    assert Story.objects.count() == 4
    assert sum(Story.objects.values_list("article_count", flat=True)) == len(articles)
    assert ArticleFeatures.objects.count() == len(articles)


def test_recluster_since_keeps_earlier_stories(store):
    early = stored(store, ["lab-015", "lab-017"])
    late = [store(RECORDS[key]) for key in ["lab-016", "lab-018"]]
    call_command("recluster", since="2026-10-11T21:30:00+01:00")
    stories = set(Article.objects.values_list("story_id", flat=True))
    assert stories == {early[0].story_id}
    assert Story.objects.get().article_count == 4
    assert all(Article.objects.get(pk=a.pk).story_id == early[0].story_id for a in late)


def test_articles_older_than_the_window_still_meet_their_own_days(store):
    """A new outlet's backlog: today's article first, then a dispatch of weeks ago reprinted
    by three outlets. The window (72 hours back from today) holds none of those days; they
    are loaded back from the database, so the reprints still form one group and one story."""
    today = store({**RECORDS["lab-015"], "published": datetime.now().astimezone().isoformat()})
    assign_article(today)
    reprints = stored(store, ["lab-001", "lab-002", "lab-003"])
    assert len({article.story_id for article in reprints}) == 1
    groups = dict(ArticleFeatures.objects.values_list("article_id", "duplicate_group"))
    assert len({groups[article.pk] for article in reprints}) == 1
    assert groups[reprints[0].pk] is not None


def test_a_deleted_article_still_in_the_window_is_never_pointed_at(store):
    monday_phare, monday_vigie = stored(store, ["lab-007", "lab-008"])
    deleted = monday_vigie.pk
    monday_vigie.delete()  # by a moderator, say, while this process still holds it
    (tuesday,) = stored(store, ["lab-010"])
    assert ArticleFeatures.objects.get(article=tuesday).closest_article_id != deleted
