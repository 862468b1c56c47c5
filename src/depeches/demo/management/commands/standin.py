"""`depeches standin`: serve JSONL corpora as stand-in outlets on 127.0.0.1 until stopped."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from depeches.demo.corpus import load_corpus
from depeches.demo.faults import fault_help
from depeches.demo.standin import DEFAULT_FEED_SIZE, StandinError, StandinNetwork

DEFAULT_PORT = 8100


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the fault table (the epilog) kept as written."""


class Command(BaseCommand):
    help = (
        "Serve news corpora (JSONL) as stand-in outlets on 127.0.0.1: an index on --port, "
        "then one outlet per port after it, each with home page, RSS or Atom feed, sitemap, "
        "article pages and pictures. Serves until Ctrl-C or SIGTERM."
    )
    # No database, no settings-dependent checks: the stand-ins are plain HTTP servers.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> argparse.ArgumentParser:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = fault_help()
        return parser

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--corpus",
            action="append",
            required=True,
            type=Path,
            metavar="PATH.jsonl",
            help="A JSONL corpus to serve; repeat for several.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=DEFAULT_PORT,
            help=f"Port of the index (default {DEFAULT_PORT}); outlet i listens on PORT+1+i. "
            "0 picks free ports.",
        )
        parser.add_argument(
            "--outlets",
            type=int,
            metavar="N",
            help="Fold the corpus outlets into N sites, each of one language "
            "(default: one site per outlet).",
        )
        parser.add_argument(
            "--feed-size",
            type=int,
            default=DEFAULT_FEED_SIZE,
            metavar="K",
            help=f"Entries in each feed, newest first (default {DEFAULT_FEED_SIZE}; 0 = all).",
        )
        parser.add_argument(
            "--publish-every",
            type=float,
            metavar="SECONDS",
            help="Publish one new article (dated now) every SECONDS; "
            "without it, everything is online at once with its corpus date.",
        )
        parser.add_argument(
            "--initial",
            type=int,
            metavar="M",
            help="Articles online at start, the oldest ones (default with --publish-every: half).",
        )
        parser.add_argument(
            "--faults",
            metavar="SPEC",
            help="Misbehaviours, e.g. 'afp:latency=2,*:error=0.1' (see the table below).",
        )

    def handle(self, *args, **options) -> None:
        articles = self._load(options["corpus"])
        log = self.stderr.write if options["verbosity"] >= 2 else None
        try:
            network = StandinNetwork(
                articles,
                outlets=options["outlets"],
                feed_size=options["feed_size"],
                publish_every=options["publish_every"],
                initial=options["initial"],
                faults=options["faults"],
                index_port=options["port"],
                log=log,
            )
            network.start()
        except (ValueError, StandinError) as error:
            raise CommandError(str(error), returncode=2) from None
        try:
            self._announce(network)
            _wait_for_stop_signal()
        finally:
            network.stop()
        self.stdout.write("stand-in outlets stopped")

    def _load(self, paths: list[Path]) -> list:
        for path in paths:
            if not path.is_file():
                raise CommandError(f"corpus file not found: {path}", returncode=2)
        try:
            loaded = load_corpus(paths)
        except OSError as error:
            raise CommandError(f"cannot read corpus: {error}", returncode=2) from None
        for problem in loaded.problems:
            self.stderr.write(problem)
        if loaded.problems:
            self.stderr.write(f"{len(loaded.problems)} corpus line(s) skipped")
        if not loaded.articles:
            raise CommandError("no article to serve: the corpus is empty", returncode=2)
        return loaded.articles

    def _announce(self, network: StandinNetwork) -> None:
        width = max(len(site.slug) for site in network.sites)
        for site in network.sites:
            self.stdout.write(
                f"{site.slug:<{width}}  {site.language}  {site.feed_format:<4}  {site.home_url}  "
                f"{site.feed_url}  {len(site.articles)} articles"
            )
        pending = f", {network.pending} to publish" if network.pending else ""
        self.stdout.write(f"index: {network.index_url}  ({len(network.sites)} outlets{pending})")
        self.stdout.write("Ctrl-C stops.")
        self.stdout.flush()


def _wait_for_stop_signal() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM."""
    stop = threading.Event()
    previous = {
        number: signal.signal(number, lambda signum, frame: stop.set())
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        # Short waits, so the main thread gets to run the signal handlers promptly.
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
