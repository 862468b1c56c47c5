"""`depeches extract FILE_OR_URL`: what the crawler would extract from one article page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from depeches.crawl.extract import decode_html, extract_article
from depeches.crawl.fetcher import Fetcher

NO_SUCH_PAGE = 2  # the exit status of a file that is not there or a page that cannot be had


class Command(BaseCommand):
    help = (
        "Extract an article page (a local .html or .html.gz file, or an http(s) URL) and print "
        "what the crawler would store: title, text, sanitised HTML, date, author, images, "
        "language... as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", metavar="FILE_OR_URL", help="an .html/.html.gz file or a URL")
        parser.add_argument(
            "--url",
            default="",
            help="the page's address, to resolve its relative links (a file's default: none)",
        )
        parser.add_argument(
            "--rules",
            default="",
            help='an outlet\'s extraction rules as JSON, e.g. \'{"body": "div.article-body"}\'',
        )

    def handle(self, *args, page: str, url: str = "", rules: str = "", **options):
        outlet_rules = parse_rules(rules)
        if page.startswith(("http://", "https://")):
            html, url = fetch(page), url or page
        else:
            html = read_file(Path(page))
        article = extract_article(html, url, outlet_rules)
        self.stdout.write(json.dumps(article, ensure_ascii=False, indent=2))


def parse_rules(rules: str) -> dict | None:
    if not rules:
        return None
    try:
        parsed = json.loads(rules)
    except ValueError as error:
        raise CommandError(f"--rules is not JSON: {error}", returncode=NO_SUCH_PAGE) from error
    if not isinstance(parsed, dict):
        raise CommandError("--rules must be a JSON object", returncode=NO_SUCH_PAGE)
    return parsed


def read_file(path: Path) -> str:
    """A saved page as text; gzip is undone and the charset found as for a fetched page."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"no such file: {path}", returncode=NO_SUCH_PAGE) from None
    except OSError as error:
        raise CommandError(
            f"cannot read {path}: {error.strerror}", returncode=NO_SUCH_PAGE
        ) from None
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise CommandError(f"{path} is not gzip: {error}", returncode=NO_SUCH_PAGE) from None
    return decode_html(data)


def fetch(url: str) -> str:
    """The page at `url`, fetched as the crawler fetches (its user agent, limits, charset)."""
    with Fetcher(
        settings.DEPECHES_USER_AGENT,
        timeout=settings.DEPECHES_FETCH_TIMEOUT,
        max_bytes=settings.DEPECHES_FETCH_MAX_BYTES,
    ) as fetcher:
        result = fetcher.get(url)
    if not result.ok:
        reason = result.error_code or f"HTTP {result.status}"
        detail = f": {result.error_detail}" if result.error_detail else ""
        raise CommandError(f"cannot fetch {url}: {reason}{detail}", returncode=NO_SUCH_PAGE)
    return decode_html(result.content, charset_of(result.headers.get("content-type", "")))


def charset_of(content_type: str) -> str:
    """The charset parameter of a Content-Type header, "" when it has none."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""
