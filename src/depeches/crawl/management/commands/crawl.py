import signal
import threading

from django.core.management.base import BaseCommand

from depeches.crawl.worker import Crawler


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

    def handle(self, *args, once=False, until_idle=False, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        crawler = Crawler(stop=stop)
        try:
            if once:
                crawler.run_once()
            elif until_idle:
                crawler.run_until_idle()
            else:
                crawler.run_forever()
        finally:
            crawler.close()
        if once or until_idle or options["verbosity"] > 1:
            self.stdout.write(summary(crawler.counts))


def summary(counts) -> str:
    return (
        f"feeds polled: {counts['feeds_polled']}, not modified (304): {counts['not_modified']}, "
        f"new articles: {counts['articles_created']}, updated: {counts['articles_updated']}, "
        f"errors: {counts['errors']}"
    )
