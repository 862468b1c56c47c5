"""Per-host pacing shared by every worker: one request slot per host at a time.

The slot is taken with one conditional UPDATE on the Host row, which both SQLite and
PostgreSQL execute atomically, so workers in several processes respect the same pause.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.db.models import F
from django.utils import timezone

from depeches.crawl.models import Host

MAX_SINGLE_WAIT = 5.0


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def take_slot(origin: str, delay: float) -> float:
    """Reserve the next request to `origin`; returns 0 when granted, else seconds to wait."""
    Host.objects.get_or_create(origin=origin)
    now = timezone.now()
    granted = Host.objects.filter(origin=origin, next_request_at__lte=now).update(
        next_request_at=now + timedelta(seconds=delay)
    )
    if granted:
        return 0.0
    next_at = Host.objects.filter(origin=origin).values_list("next_request_at", flat=True).first()
    return max(0.01, (next_at - now).total_seconds()) if next_at else 0.01


def wait_for_slot(url: str, delay: float, should_stop=lambda: False) -> bool:
    """Block until this process may request `url`'s host; False if asked to stop meanwhile."""
    origin = origin_of(url)
    while not should_stop():
        wait = take_slot(origin, delay)
        if wait == 0:
            return True
        time.sleep(min(wait, MAX_SINGLE_WAIT))
    return False


def push_back_host(url: str, seconds: float) -> None:
    """Keep every worker off a host for a while (Retry-After, repeated failures)."""
    later = timezone.now() + timedelta(seconds=seconds)
    Host.objects.filter(origin=origin_of(url), next_request_at__lt=later).update(
        next_request_at=later, error_streak=F("error_streak") + 1
    )
