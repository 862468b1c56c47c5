from datetime import timedelta

import pytest
from django.utils import timezone

from depeches.crawl import frontier
from depeches.sources.models import Feed, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def feeds():
    outlet = Outlet.objects.create(slug="essai", name="Essai")
    now = timezone.now()
    return [
        Feed.objects.create(outlet=outlet, url=f"https://essai.example/feed{i}", next_check_at=when)
        for i, when in enumerate(
            [now - timedelta(minutes=5), now - timedelta(minutes=1), now + timedelta(hours=1)]
        )
    ]


def test_due_feeds_are_claimed_once(feeds):
    claimed = frontier.claim_due_feeds("worker-a")
    assert [feed.url for feed in claimed] == [feeds[0].url, feeds[1].url]
    assert frontier.claim_due_feeds("worker-b") == []
    assert Feed.objects.filter(lease_owner="worker-a").count() == 2


def test_an_expired_lease_is_claimed_again(feeds):
    frontier.claim_due_feeds("worker-a")
    Feed.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert len(frontier.claim_due_feeds("worker-b")) == 2


def test_success_schedules_by_rate_and_errors_back_off(feeds, settings):
    settings.DEPECHES_FEED_MIN_INTERVAL, settings.DEPECHES_FEED_MAX_INTERVAL = 300, 86400
    feed = frontier.claim_due_feeds("worker-a")[0]
    frontier.finish_poll(feed, frontier.PollOutcome(status=200, etag='"v1"', entries_per_day=48))
    feed.refresh_from_db()
    assert feed.interval == 900 and feed.etag == '"v1"' and feed.lease_owner == ""
    assert 800 < (feed.next_check_at - timezone.now()).total_seconds() < 1000
    frontier.finish_poll(feed, frontier.PollOutcome(status=503, error_code="server_error"))
    frontier.finish_poll(feed, frontier.PollOutcome(status=503, error_code="server_error"))
    feed.refresh_from_db()
    assert feed.error_streak == 2 and feed.last_error_code == "server_error"
    assert (feed.next_check_at - timezone.now()).total_seconds() > 3000


def test_retry_after_is_a_minimum(feeds, settings):
    assert frontier.backoff_seconds(60, 1, retry_after=3600) >= 3600 * 0.9


def test_interval_stays_between_floor_and_ceiling(settings):
    settings.DEPECHES_FEED_MIN_INTERVAL, settings.DEPECHES_FEED_MAX_INTERVAL = 300, 86400
    assert frontier.interval_for_rate(10_000) == 300
    assert frontier.interval_for_rate(0) == 86400
