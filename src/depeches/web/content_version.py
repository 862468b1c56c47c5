"""The content version: read cheaply by every page, bumped when readers' content changes.

Web processes each keep their own cache (LocMem by default) but read the version from the
database, at most once a second per process, so two gunicorn workers never serve different
content for more than a second after a change, and no cache has to be purged.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from depeches.web.models import ContentVersion

# How long a process trusts the version it read: one tiny query a second per process at most.
READ_INTERVAL = 1.0
THE_ROW = 1


class Version(NamedTuple):
    number: int
    changed_at: datetime


_lock = threading.Lock()
_last_read: tuple[float, Version] | None = None


def current_version() -> Version:
    global _last_read
    now = time.monotonic()
    with _lock:
        if _last_read is not None and now - _last_read[0] < READ_INTERVAL:
            return _last_read[1]
    row = ContentVersion.objects.filter(pk=THE_ROW).values_list("number", "changed_at").first()
    version = Version(*row) if row else Version(0, datetime(2000, 1, 1, tzinfo=UTC))
    with _lock:
        _last_read = (now, version)
    return version


def forget_version() -> None:
    """Read the version from the database next time (after a bump in this process)."""
    global _last_read
    with _lock:
        _last_read = None


def bump_content_version() -> None:
    """Make every cached page and ETag stale. For changes made without model signals
    (QuerySet.update, bulk_create), call it after the change is committed."""
    changed = ContentVersion.objects.filter(pk=THE_ROW).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not changed:  # the row was deleted (a flushed test database): start again
        ContentVersion.objects.get_or_create(pk=THE_ROW, defaults={"number": 1})
    forget_version()


def bump_after_commit() -> None:
    """Bump once the current transaction commits (at once outside a transaction).

    After the commit, not inside it: an UPDATE of the one row inside the crawler's
    transaction would hold its lock until the commit and serialise every crawl worker on
    PostgreSQL. Readers who render in between see the new rows under the old version, which
    only makes a page fresh a moment early. One small UPDATE per saved row: an article with
    pictures costs a few, far fewer than the pages they make stale.
    """
    transaction.on_commit(bump_content_version)
