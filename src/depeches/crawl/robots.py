"""robots.txt: fetched once a day per host, kept on the Host row, honoured before every request.

Following the usual crawler convention: a missing robots.txt (4xx) allows everything; a
server error or an unreachable host disallows everything until the next attempt, since
we cannot know what the outlet wants.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.robotparser import RobotFileParser

from django.utils import timezone

from depeches.crawl.fetcher import FetchResult
from depeches.crawl.models import Host

ROBOTS_MAX_AGE = timedelta(hours=24)
ROBOTS_RETRY_AFTER_ERROR = timedelta(minutes=5)
# A Crawl-delay larger than this is read as this: an outlet asking for one request an
# hour would otherwise never be followed at all.
MAX_CRAWL_DELAY = 60.0
MEMORY_SECONDS = 300.0


@dataclass
class Robots:
    parser: RobotFileParser
    crawl_delay: float | None
    loaded_at: float
    # Why everything is disallowed when robots.txt could not be read (the fetch's reason
    # code, e.g. connection_error), so the feed records the real cause.
    problem: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        return self.parser.can_fetch(user_agent, url)


def robots_from_text(text: str, status: int | None, user_agent: str) -> Robots:
    parser = RobotFileParser()
    if status is not None and 400 <= status < 500:
        parser.allow_all = True
    elif status != 200:
        parser.disallow_all = True
    else:
        parser.parse(text.splitlines())
    delay = parser.crawl_delay(user_agent) if status == 200 else None
    crawl_delay = min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None
    return Robots(parser, crawl_delay, time.monotonic())


class RobotsCache:
    """robots.txt per origin: in memory for a few minutes, in the database for a day."""

    def __init__(self, user_agent: str) -> None:
        self.user_agent = user_agent
        self.memory: dict[str, Robots] = {}

    def for_origin(self, origin: str, fetch_robots: Callable[[], FetchResult]) -> Robots:
        """The origin's rules; `fetch_robots` is called when they must be fetched again."""
        cached = self.memory.get(origin)
        if cached and time.monotonic() - cached.loaded_at < MEMORY_SECONDS:
            return cached
        host, _ = Host.objects.get_or_create(origin=origin)
        problem = ""
        if not is_fresh(host):
            result = fetch_robots()
            record(host, result)
            problem = result.error_code
        robots = robots_from_text(host.robots_txt, host.robots_status, self.user_agent)
        if host.robots_status is None or host.robots_status >= 500:
            robots.problem = problem or "robots_unavailable"
        if robots.crawl_delay != host.crawl_delay:
            Host.objects.filter(pk=host.pk).update(crawl_delay=robots.crawl_delay)
        self.memory[origin] = robots
        return robots


def is_fresh(host: Host) -> bool:
    if host.robots_fetched_at is None:
        return False
    age = timezone.now() - host.robots_fetched_at
    failed = host.robots_status is None or host.robots_status >= 500
    return age < (ROBOTS_RETRY_AFTER_ERROR if failed else ROBOTS_MAX_AGE)


def record(host: Host, result: FetchResult) -> None:
    host.robots_fetched_at = timezone.now()
    host.robots_status = result.status if result.status else None
    if result.status and 400 <= result.status < 500:
        host.robots_txt = ""
    elif result.ok:
        host.robots_txt = result.content[:500_000].decode("utf-8", errors="replace")
    Host.objects.filter(pk=host.pk).update(
        robots_fetched_at=host.robots_fetched_at,
        robots_status=host.robots_status,
        robots_txt=host.robots_txt,
    )
