"""The frontier: which feeds are due, who works on them, and when each is checked next.

Due feeds are claimed with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite the
IMMEDIATE transaction already serialises claimers), so several workers on several
machines never poll one feed twice, and a worker that dies only delays its feeds until
the lease expires.
"""

from __future__ import annotations

import os
import random
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from depeches.sources.models import Feed

DAY = 24 * 3600


@dataclass
class PollOutcome:
    """What one poll of a feed gave, for the schedule and the feed's health."""

    status: int | None = None
    error_code: str = ""
    error_detail: str = ""
    retry_after: float | None = None
    etag: str = ""
    last_modified: str = ""
    entries_per_day: float | None = None
    # A problem that lost nothing (a partly malformed feed): recorded, no backoff.
    warning_code: str = ""
    warning_detail: str = ""
    # Entries were left for the next poll: poll again at once, and without validators,
    # or the next poll would be a 304 that never reaches them.
    more_to_do: bool = False


def claim_due_feeds(worker: str, limit: int = 10, now: datetime | None = None) -> list[Feed]:
    now = now or timezone.now()
    lease_until = now + timedelta(seconds=settings.DEPECHES_LEASE_SECONDS)
    with transaction.atomic():
        due = (
            Feed.objects.filter(active=True, outlet__active=True, next_check_at__lte=now)
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
            .order_by("next_check_at")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        ids = list(due.values_list("id", flat=True)[:limit])
        Feed.objects.filter(id__in=ids).update(lease_owner=worker, lease_expires_at=lease_until)
    return list(Feed.objects.filter(id__in=ids).select_related("outlet").order_by("next_check_at"))


def release(feed: Feed) -> None:
    """Give a claimed feed back untouched (the worker is stopping)."""
    Feed.objects.filter(pk=feed.pk, lease_owner=feed.lease_owner).update(
        lease_owner="", lease_expires_at=None
    )


def postpone(feed: Feed, seconds: float) -> None:
    """Give the feed back, due again later (its host is kept off): not a failure."""
    Feed.objects.filter(pk=feed.pk).update(
        lease_owner="",
        lease_expires_at=None,
        next_check_at=timezone.now() + timedelta(seconds=with_jitter(seconds)),
    )


def release_dead_workers_leases() -> int:
    """Leases held by workers of this machine that no longer run are released at once,
    so a restarted `depeches run` does not wait for them to expire."""
    host = socket.gethostname()
    released = 0
    held = Feed.objects.filter(lease_owner__startswith=f"{host}:").values_list(
        "lease_owner", flat=True
    )
    for owner in set(held):
        pid = owner.split(":")[1]
        if pid.isdigit() and not process_exists(int(pid)):
            released += Feed.objects.filter(lease_owner=owner).update(
                lease_owner="", lease_expires_at=None
            )
    return released


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def seconds_until_next_due(now: datetime | None = None) -> float | None:
    now = now or timezone.now()
    next_due = (
        Feed.objects.filter(active=True, outlet__active=True)
        .order_by("next_check_at")
        .values_list("next_check_at", flat=True)
        .first()
    )
    return None if next_due is None else max(0.0, (next_due - now).total_seconds())


def finish_poll(feed: Feed, outcome: PollOutcome, now: datetime | None = None) -> None:
    """Record the poll on the feed, release its lease and schedule its next check."""
    now = now or timezone.now()
    feed.last_checked_at = now
    feed.last_status = outcome.status
    feed.lease_owner, feed.lease_expires_at = "", None
    if outcome.error_code:
        feed.error_streak += 1
        feed.last_error_code = outcome.error_code
        feed.last_error_detail = outcome.error_detail[:2000]
        delay = backoff_seconds(feed.interval, feed.error_streak, outcome.retry_after)
    else:
        feed.error_streak = 0
        feed.last_error_code = outcome.warning_code
        feed.last_error_detail = outcome.warning_detail[:2000]
        feed.last_success_at = now
        if outcome.status == 200 and not outcome.more_to_do:
            feed.etag, feed.last_modified = outcome.etag[:300], outcome.last_modified[:100]
        if outcome.entries_per_day is not None:
            feed.interval = interval_for_rate(outcome.entries_per_day)
        delay = 0 if outcome.more_to_do else with_jitter(feed.interval)
    feed.next_check_at = now + timedelta(seconds=delay)
    feed.save()


def interval_for_rate(entries_per_day: float) -> int:
    """Check about twice per published entry, between the floor and the ceiling."""
    floor, ceiling = settings.DEPECHES_FEED_MIN_INTERVAL, settings.DEPECHES_FEED_MAX_INTERVAL
    if entries_per_day <= 0:
        return ceiling
    return int(min(ceiling, max(floor, DAY / (2 * entries_per_day))))


def backoff_seconds(interval: int, streak: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, capped at the ceiling; Retry-After is a minimum."""
    ceiling = settings.DEPECHES_FEED_MAX_INTERVAL
    delay = min(ceiling, interval * 2 ** min(streak, 16))
    if retry_after is not None:
        delay = max(delay, min(retry_after, ceiling))
    return with_jitter(delay)


def with_jitter(seconds: float, spread: float = 0.1) -> float:
    # Jitter keeps feeds added together from being polled together forever after.
    return seconds * random.uniform(1 - spread, 1 + spread)


def entries_per_day(published: list[datetime], now: datetime | None = None) -> float | None:
    """The feed's publishing rate over its entries of the last 7 days."""
    now = now or timezone.now()
    recent = [when for when in published if now - when <= timedelta(days=7)]
    if not published:
        return None
    if len(recent) < 2:
        return len(recent) / 7
    span_days = max((now - min(recent)).total_seconds() / DAY, 1 / 24)
    return len(recent) / span_days
