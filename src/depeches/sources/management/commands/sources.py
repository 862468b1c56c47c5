from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Max, Q
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from depeches.articles.language import detect_language
from depeches.crawl.feeds import parse_feed
from depeches.crawl.fetcher import FEED_ACCEPT, PAGE_ACCEPT
from depeches.crawl.worker import decode_page, make_fetcher
from depeches.sources.discovery import common_feed_urls, read_home_page
from depeches.sources.models import LANGUAGES, Feed, Outlet
from depeches.sources.registry import register_outlet


class Command(BaseCommand):
    help = "Manage the outlets depeches follows: add, list, status."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{add,list,status}")
        add = verbs.add_parser("add", help="Add an outlet from its home page or a feed URL.")
        add.add_argument("url")
        add.add_argument("--name", default="", help="The outlet's name (default: its title).")
        add.add_argument("--language", choices=[code for code, _ in LANGUAGES], default="")
        add.add_argument("--all", action="store_true", help="Keep every feed found.")
        verbs.add_parser("list", help="One line per outlet: slug, language, feeds, name.")
        verbs.add_parser("status", help="Each feed's health and schedule.")

    def handle(self, *args, verb, **options):
        getattr(self, f"handle_{verb}")(**options)

    def handle_list(self, **options):
        outlets = Outlet.objects.annotate(feed_count=Count("feeds")).order_by("slug")
        for outlet in outlets:
            self.stdout.write(
                f"{outlet.slug}\t{outlet.language}\t{outlet.feed_count} feed(s)\t{outlet.name}"
            )

    def handle_status(self, **options):
        since = timezone.now() - timezone.timedelta(hours=24)
        feeds = Feed.objects.select_related("outlet").annotate(
            recent=Count("articles", filter=Q(articles__fetched_at__gte=since)),
            latest=Max("articles__published_at"),
        )
        table = Table("outlet", "feed", "last success", "HTTP", "errors", "24 h", "next check")
        for feed in feeds.order_by("outlet__slug", "url"):
            table.add_row(
                feed.outlet.slug,
                feed.url,
                when(feed.last_success_at),
                str(feed.last_status or "-"),
                f"{feed.error_streak} {feed.last_error_code}".strip(),
                str(feed.recent),
                when(feed.next_check_at),
            )
        console = Console(width=160)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")

    def handle_add(self, url, name, language, all, **options):
        with make_fetcher() as fetcher:
            found = discover(fetcher, url)
        if not found["feeds"]:
            raise CommandError(f"no feed found at {url} (tried its links and the usual paths)")
        feeds = found["feeds"] if all else found["feeds"][:1]
        if len(found["feeds"]) > 1:
            self.stdout.write(f"{len(found['feeds'])} feeds found:")
            for feed_url in found["feeds"]:
                kept = "kept" if feed_url in feeds else "not kept (--all keeps it)"
                self.stdout.write(f"  {feed_url}  {kept}")
        outlet = register_outlet(
            name=name or found["title"] or url,
            home_url=found["home"],
            language=language or found["language"] or "fr",
            feed_urls=feeds,
        )
        self.stdout.write(f"added {outlet.slug} ({outlet.language}): {', '.join(feeds)}")


def discover(fetcher, url: str) -> dict:
    """The feeds, title, home page and language behind a home page or feed URL."""
    result = fetcher.get(url, accept=f"{PAGE_ACCEPT}, {FEED_ACCEPT}")
    if not result.ok:
        raise CommandError(f"{url}: {result.error_code} ({result.error_detail})")
    parsed = parse_feed(result.content, result.url, result.headers.get("content-type", ""))
    if parsed.format:
        titles = " ".join(entry.title for entry in parsed.entries[:20])
        return {
            "feeds": [result.url],
            "title": parsed.title,
            "home": parsed.link or url,
            "language": parsed.language or detect_language(titles),
        }
    page = read_home_page(decode_page(result), result.url)
    feeds = [feed_url for feed_url, _kind, _title in page.feeds]
    if not feeds:
        feeds = [
            candidate for candidate in common_feed_urls(result.url) if is_feed(fetcher, candidate)
        ][:1]
    return {"feeds": feeds, "title": page.title, "home": result.url, "language": page.language}


def is_feed(fetcher, url: str) -> bool:
    result = fetcher.get(url, accept=FEED_ACCEPT)
    return result.ok and bool(parse_feed(result.content, result.url).format)


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"
