import json

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from depeches.web.stats import collection_counts


class Command(BaseCommand):
    help = "Counts of outlets, feeds, articles, images, stories and blocked images."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object on stdout.")

    def handle(self, *args, **options):
        counts = collection_counts()
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        table = Table("", "count")
        for key, value in counts.items():
            table.add_row(key.replace("_", " "), f"{value:,}")
        console = Console(width=60)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")
