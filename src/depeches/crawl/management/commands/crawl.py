import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from depeches.crawl.worker import run_crawlers


class Command(BaseCommand):
    help = (
        "Run a crawl worker: poll due feeds, fetch new articles, store them. Runs until "
        "stopped (Ctrl-C or SIGTERM finish the current request, then exit); several "
        "workers may run at once, on any machines sharing the database."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once", action="store_true", help="Poll every feed due now once, then exit."
        )
        mode.add_argument(
            "--until-idle", action="store_true", help="Repeat until no feed is due, then exit."
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=settings.DEPECHES_CRAWL_CONCURRENCY,
            help="Crawler threads in this process (default: DEPECHES_CRAWL_CONCURRENCY).",
        )

    def handle(self, *args, once=False, until_idle=False, concurrency=1, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        mode = "once" if once else "until_idle" if until_idle else "forever"
        counts = run_crawlers(max(1, concurrency), mode, stop)
        if once or until_idle or options["verbosity"] > 1:
            self.stdout.write(summary(counts))


def summary(counts) -> str:
    errors = sorted(
        (key.split(":", 1)[1], value) for key, value in counts.items() if key.startswith("error:")
    )
    line = (
        f"feeds polled: {counts['feeds_polled']}, not modified (304): {counts['not_modified']}, "
        f"new articles: {counts['articles_created']}, updated: {counts['articles_updated']}, "
        f"images: {counts['images_attached']}, errors: {counts['errors']}"
    )
    if errors:
        line += " (" + ", ".join(f"{code}: {count}" for code, count in errors) + ")"
    return line
