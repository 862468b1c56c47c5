import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from depeches.crawl.politeness import wait_for_slot
from depeches.crawl.worker import make_fetcher
from depeches.sources.addresses import host_label
from depeches.sources.defaults import default_outlets
from depeches.sources.discovery import FoundFeed
from depeches.sources.models import LANGUAGES, Outlet
from depeches.sources.opml import NotOpml, read_opml, write_opml
from depeches.sources.outlet_lists import (
    LANGUAGE_CODES,
    ListedFeed,
    ListedOutlet,
    OutletList,
    read_outlets_csv,
)
from depeches.sources.probe import Discovery, DiscoveryError, Prober
from depeches.sources.registry import ImportReport, import_outlets, listed_outlets
from depeches.sources.status import render_status, status_rows

LANGUAGE_CHOICES = [code for code, _ in LANGUAGES]


class Command(BaseCommand):
    help = "Manage the outlets depeches follows: add, list, status, import, export."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(
            dest="verb", required=True, metavar="{add,list,status,import,export}"
        )
        add = verbs.add_parser("add", help="Add an outlet from its home page or a feed URL.")
        add.add_argument("url")
        add.add_argument("--name", default="", help="The outlet's name (default: its title).")
        add.add_argument("--language", choices=LANGUAGE_CHOICES, default="")
        add.add_argument("--all", action="store_true", help="Keep every feed the page lists.")
        verbs.add_parser("list", help="One line per outlet: slug, language, region, feeds, name.")
        verbs.add_parser("status", help="Each feed's health and schedule.")
        imports = verbs.add_parser("import", help="Follow the outlets of an OPML or CSV file.")
        imports.add_argument("file", nargs="?", help="An OPML (1 or 2) or CSV file.")
        imports.add_argument(
            "--defaults", action="store_true", help="The Moroccan outlets depeches knows."
        )
        imports.add_argument(
            "--discover",
            action="store_true",
            help="Look now for the feeds of the outlets that have none.",
        )
        imports.add_argument(
            "--language", choices=LANGUAGE_CHOICES, default="", help="For entries without one."
        )
        export = verbs.add_parser("export", help="Every outlet and feed as OPML 2.0.")
        export.add_argument("--output", "-o", default="", help="A file (default: stdout).")

    def handle(self, *args, verb, **options):
        getattr(self, f"handle_{verb}")(**options)

    # ------------------------------------------------------------------ add

    def handle_add(self, url, name, language, all, **options):
        found = self.discover(url, keep_all=all)
        self.describe(found)
        entry = ListedOutlet(
            name=name or found.title or host_label(found.home_url),
            language=language or (found.language if found.language in LANGUAGE_CODES else ""),
            home_url=found.home_url,
            feeds=[ListedFeed(feed.url, feed.format, feed.title) for feed in found.kept],
        )
        # Adding again never renames an outlet, unless told to.
        report = import_outlets([entry], update=bool(name or language))
        slug = (report.outlets_added or report.outlets_updated or report.outlets_unchanged)[0]
        for skipped in report.skipped:
            self.stdout.write(f"not added: {skipped.reason}")
        added = ", ".join(
            describe_feed(feed) for feed in found.kept if feed.url in report.feeds_added
        )
        if report.outlets_added:
            language = Outlet.objects.get(slug=slug).language
            self.stdout.write(f"added {slug} ({language}): {added or 'no feed'}")
        elif added:
            self.stdout.write(f"added to {slug}: {added}")
        elif report.feeds_unchanged:
            self.stdout.write(f"{slug} already follows {', '.join(report.feeds_unchanged)}")

    def discover(self, url: str, keep_all: bool = False) -> Discovery:
        with make_fetcher() as fetcher:
            prober = Prober(fetcher, settings.DEPECHES_USER_AGENT, pace=polite_pause)
            try:
                return prober.discover(url, keep_all=keep_all)
            except DiscoveryError as error:
                raise CommandError(one_line(str(error))) from None

    def describe(self, found: Discovery) -> None:
        if len(found.kept) + len(found.others) + len(found.failed) <= 1:
            return
        self.stdout.write(f"{len(found.kept) + len(found.others)} feed(s) found:")
        for feed in found.kept:
            self.stdout.write(f"  kept      {describe_feed(feed)}")
        for feed in found.others:
            self.stdout.write(f"  not kept  {feed.url}  ({feed.format}, --all keeps it)")
        for failure in found.failed:
            self.stdout.write(f"  failed    {failure.url}  ({failure.code})")

    # ------------------------------------------------------------------ list, status

    def handle_list(self, **options):
        outlets = Outlet.objects.annotate(feed_count=Count("feeds")).order_by("slug")
        for outlet in outlets:
            feeds = f"{outlet.feed_count} feed(s)" if outlet.feed_count else "no feed yet"
            region = outlet.region or "-"
            self.stdout.write(f"{outlet.slug}\t{outlet.language}\t{region}\t{feeds}\t{outlet.name}")

    def handle_status(self, **options):
        is_terminal = self.stdout.isatty()
        width = shutil.get_terminal_size((160, 24)).columns if is_terminal else 200
        self.stdout.write(render_status(status_rows(), width), ending="")

    # ------------------------------------------------------------------ import, export

    def handle_import(self, file, defaults, discover, language, **options):
        if bool(file) == defaults:
            raise CommandError("give a file to import, or --defaults (not both)")
        listed = default_outlets() if defaults else read_list(Path(file), language)
        report = import_outlets(listed.outlets, default_language=language)
        report.skipped[:0] = listed.skipped
        name = "the default outlets" if defaults else file
        self.stdout.write(f"{name}: {report.summary()}")
        for skipped in report.skipped:
            self.stdout.write(f"  skipped {skipped.where}: {skipped.reason}")
        if discover:
            self.discover_missing_feeds(report)
        elif without := outlets_without_feed(report):
            self.stdout.write(
                f"{len(without)} outlets have no feed yet: `depeches sources import "
                f"{'--defaults' if defaults else file} --discover` looks for them now"
            )

    def discover_missing_feeds(self, report: ImportReport) -> None:
        for outlet in outlets_without_feed(report):
            try:
                found = self.discover(outlet.home_url)
            except CommandError as error:
                self.stdout.write(f"  {outlet.slug}: {error}")
                continue
            feeds = [ListedFeed(feed.url, feed.format, feed.title) for feed in found.kept]
            entry = ListedOutlet(
                outlet.name, outlet.language, outlet.home_url, slug=outlet.slug, feeds=feeds
            )
            added = import_outlets([entry], update=False).feeds_added
            self.stdout.write(f"  {outlet.slug}: {', '.join(added) or 'no new feed'}")

    def handle_export(self, output, **options):
        document = write_opml(listed_outlets()).decode("utf-8")
        if output:
            Path(output).write_text(document, encoding="utf-8")
            self.stdout.write(f"wrote {Outlet.objects.count()} outlets to {output}")
        else:
            self.stdout.write(document, ending="")


def read_list(path: Path, default_language: str) -> OutletList:
    """An OPML or CSV file, told apart by its content rather than its name."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        try:
            return read_opml(content, default_language)
        except NotOpml as error:
            raise CommandError(f"{path}: {error}") from None
    return read_outlets_csv(content.decode("utf-8", errors="replace"), default_language)


def outlets_without_feed(report: ImportReport) -> list[Outlet]:
    slugs = report.outlets_added + report.outlets_updated + report.outlets_unchanged
    return list(Outlet.objects.filter(slug__in=slugs, feeds__isnull=True).order_by("slug"))


def describe_feed(feed: FoundFeed) -> str:
    return f"{feed.url} ({feed.format}, {feed.via})"


def polite_pause(url: str) -> None:
    """The pause between two requests to one host, shared with the crawl workers."""
    wait_for_slot(url, settings.DEPECHES_HOST_DELAY)


def one_line(text: str) -> str:
    return " ".join(text.split())
