"""Per-host pacing shared by every worker: one request slot per host at a time.

The slot is taken with one conditional UPDATE on the Host row, which both SQLite and
PostgreSQL execute atomically, so workers in several processes respect the same pause.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.db.models import F
from django.utils import timezone

from depeches.crawl.fetcher import Fetcher, FetchResult
from depeches.crawl.models import Host
from depeches.crawl.robots import RobotsCache

MAX_SINGLE_WAIT = 5.0
MAX_WAIT = 30.0
# Failures that say the host itself is in trouble, whatever the URL: every worker backs
# off from the whole host, exponentially, until one request succeeds.
HOST_TROUBLE = {"server_error", "timeout", "connection_error", "connection_reset", "tls_error"}
HOST_BACKOFF_BASE = 5.0
HOST_BACKOFF_MAX = 3600.0


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def take_slot(origin: str, delay: float) -> float:
    """Reserve the next request to `origin`; returns 0 when granted, else seconds to wait.

    The conditional UPDATE comes first: on the usual path (the row exists, its slot is
    free) a request costs one query; the row is created only when the UPDATE found none."""
    now = timezone.now()
    granted = Host.objects.filter(origin=origin, next_request_at__lte=now).update(
        next_request_at=now + timedelta(seconds=delay)
    )
    if granted:
        return 0.0
    _host, created = Host.objects.get_or_create(origin=origin)
    if created:
        return take_slot(origin, delay)
    next_at = Host.objects.filter(origin=origin).values_list("next_request_at", flat=True).first()
    return max(0.01, (next_at - now).total_seconds()) if next_at else 0.01


def wait_for_slot(
    url: str, delay: float, should_stop=lambda: False, max_wait: float = MAX_WAIT
) -> bool:
    """Block until this process may request `url`'s host. False when asked to stop, or
    when the host is kept off for longer than `max_wait` (backoff, Retry-After): the
    worker then moves on to other hosts instead of sleeping on this one."""
    origin = origin_of(url)
    while not should_stop():
        wait = take_slot(origin, delay)
        if wait == 0:
            return True
        if wait > max_wait:
            return False
        time.sleep(min(wait, MAX_SINGLE_WAIT))
    return False


def push_back_host(url: str, seconds: float) -> None:
    """Keep every worker off a host for a while (Retry-After, repeated failures)."""
    later = timezone.now() + timedelta(seconds=seconds)
    Host.objects.filter(origin=origin_of(url), next_request_at__lt=later).update(
        next_request_at=later, error_streak=F("error_streak") + 1
    )


def back_off_host(url: str) -> None:
    streak = (
        Host.objects.filter(origin=origin_of(url)).values_list("error_streak", flat=True).first()
        or 0
    )
    seconds = min(HOST_BACKOFF_MAX, HOST_BACKOFF_BASE * 2 ** min(streak, 12))
    push_back_host(url, random.uniform(0.5, 1.0) * seconds)


class PoliteFetcher:
    """The crawler's only way to the network: robots.txt, per-host pacing, Retry-After.

    `get` returns a FetchResult like Fetcher.get, with the reason `robots_disallowed`
    for a URL the outlet's robots.txt forbids (never requested), or `stopping` when the
    worker was asked to stop while waiting for its turn.
    """

    def __init__(self, fetcher: Fetcher, user_agent: str, should_stop=lambda: False) -> None:
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.should_stop = should_stop
        self.robots = RobotsCache(user_agent)

    def get(self, url: str, *, delay: float, **conditional) -> FetchResult:
        origin = origin_of(url)
        robots = self.robots.for_origin(origin, lambda: self._fetch_robots(origin, delay))
        if not robots.allows(url, self.user_agent):
            if robots.problem:
                detail = f"{origin}/robots.txt could not be read: nothing is requested"
                return FetchResult(url, error_code=robots.problem, error_detail=detail)
            return FetchResult(url, error_code="robots_disallowed", error_detail="robots.txt")
        delay = max(delay, robots.crawl_delay or 0.0)
        if not wait_for_slot(url, delay, self.should_stop):
            if self.should_stop():
                return FetchResult(url, error_code="stopping", error_detail="worker stopping")
            detail = f"{origin} is kept off for a while (backoff or Retry-After)"
            return FetchResult(url, error_code="host_backing_off", error_detail=detail)
        result = self.fetcher.get(url, allowed=self.allows, **conditional)
        if result.status in (429, 503):
            push_back_host(url, result.retry_after or delay * 30)
        elif result.error_code in HOST_TROUBLE:
            back_off_host(url)
        elif result.status and result.status < 400:
            Host.objects.filter(origin=origin, error_streak__gt=0).update(error_streak=0)
        return result

    def allows(self, url: str) -> bool:
        """May a redirect lead to `url`? Its own host's robots.txt decides."""
        origin = origin_of(url)
        robots = self.robots.for_origin(origin, lambda: self._fetch_robots(origin, 0.0))
        return robots.allows(url, self.user_agent)

    def _fetch_robots(self, origin: str, delay: float) -> FetchResult:
        wait_for_slot(origin, delay, self.should_stop)
        return self.fetcher.get(f"{origin}/robots.txt", accept="text/plain, */*;q=0.5")
