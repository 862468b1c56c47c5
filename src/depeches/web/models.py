"""The one row the reader's site keys its caches on: the content version."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ContentVersion(models.Model):
    """A number bumped whenever what readers see changes (an article, a picture, an outlet).

    Every cached page and every ETag names the version it was made from, so a change makes
    all of them stale at once, in every web process, without deleting anything. One row
    (pk=1), made by the migration.
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"content version {self.number}"
