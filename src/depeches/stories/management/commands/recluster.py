from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from depeches.articles.models import Article
from depeches.stories.recluster import recluster


class Command(BaseCommand):
    help = (
        "Cluster stored articles into stories and near-duplicate groups again, from scratch, "
        "in publication order (all articles, or those published since DATE)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", metavar="DATE", help="Only articles published from DATE (YYYY-MM-DD)."
        )

    def handle(self, *args, since=None, **options):
        start = _parse(since) if since else None
        total = Article.objects.filter(**({"published_at__gte": start} if start else {})).count()
        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeRemainingColumn(), transient=True) as progress:
            task = progress.add_task("Clustering", total=total)
            counts = recluster(start, lambda done: progress.advance(task, done))
        self.stdout.write(f"{counts['articles']} articles in {counts['stories']} stories")


def _parse(value: str) -> datetime:
    try:
        day = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--since: not a date (YYYY-MM-DD): {value}") from error
    if day.tzinfo is None:
        day = timezone.make_aware(datetime.combine(day.date(), time()) if len(value) <= 10 else day)
    return day
