import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from depeches.sources.defaults import offer_default_outlets
from depeches.web.management.commands.web import add_server_arguments
from depeches.web.supervisor import (
    DataDirectoryBusy,
    DataDirectoryLock,
    depeches_command,
    supervise,
)


class Command(BaseCommand):
    help = (
        "Run depeches on one machine: apply migrations, then one crawl worker and the web "
        "server together. Ctrl-C stops both."
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, host, port, **options):
        try:
            with DataDirectoryLock(settings.DATA_DIR):
                call_command("migrate", interactive=False, verbosity=0)
                # The real streams: the question is for a person at a terminal.
                offer_default_outlets(sys.stdin, sys.stdout)
                connections.close_all()
                code = supervise(
                    {
                        "crawl": depeches_command("crawl"),
                        "web": depeches_command("web", "--host", host, "--port", str(port)),
                    },
                    write=self.stderr.write,
                )
        except DataDirectoryBusy as busy:
            raise CommandError(str(busy)) from None
        if code:
            raise CommandError("stopped because a part failed", returncode=code)
