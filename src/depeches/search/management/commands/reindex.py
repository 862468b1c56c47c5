"""`depeches reindex`: rebuild the search index from every article."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from depeches.articles.models import Article
from depeches.search.backends import backend
from depeches.search.indexing import rebuild
from depeches.web.content_version import bump_content_version


class Command(BaseCommand):
    help = "Rebuild the search index from every article (results are partial until it ends)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        total = Article.objects.count()
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, disable=not self.stdout.isatty()) as progress:
            task = progress.add_task("indexing", total=total)
            done = rebuild(lambda count: progress.advance(task, count))
        # Search pages are cached by content version: make them stale.
        bump_content_version()
        seconds = time.monotonic() - started
        size = backend().size_bytes() / 1_000_000
        self.stdout.write(f"{done} articles indexed in {seconds:.1f} s; index: {size:.1f} MB")
