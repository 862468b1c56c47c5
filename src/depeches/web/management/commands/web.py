from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from depeches.web.server import DepechesServer
from depeches.web.static_files import collect_static_if_changed


def add_server_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
    parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")


class Command(BaseCommand):
    help = (
        "Serve the site, feeds, API and admin with the production server (gunicorn). "
        "Workers and threads: --workers/--threads or DEPECHES_WEB_WORKERS/_THREADS."
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument("--workers", type=int, default=settings.DEPECHES_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.DEPECHES_WEB_THREADS)
        parser.add_argument("--access-log", action="store_true", help="Log every request.")

    def handle(self, *args, host, port, workers, threads, access_log, **options):
        collect_static_if_changed()
        # The cache table, when DEPECHES_CACHE=db (does nothing for the other caches).
        call_command("createcachetable", verbosity=0)
        # Workers are forked from this process: they must not share its connection.
        connections.close_all()
        self.stdout.write(f"depeches: serving http://{host}:{port}/")
        self.stdout.flush()
        DepechesServer(host, port, workers, threads, access_log=access_log).run()
