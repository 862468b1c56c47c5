"""Finding an outlet's feeds over HTTP: the requests behind `depeches sources add`.

Every request goes through `Prober.get`, which reads the site's robots.txt first (with
urllib.robotparser, as depeches' User-Agent) and never requests a URL it disallows.
What to look for and which feed to keep are decided in `depeches.sources.discovery`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from depeches.articles.language import detect_language
from depeches.crawl.feeds import ParsedFeed, parse_feed
from depeches.crawl.fetcher import FEED_ACCEPT, PAGE_ACCEPT, Fetcher, FetchResult
from depeches.crawl.sitemaps import ParsedSitemap, parse_sitemap
from depeches.sources.addresses import is_web_url, origin_of, site_root
from depeches.sources.discovery import (
    FEEDISH_SEGMENT,
    FoundFeed,
    HomePage,
    common_feed_urls,
    pick_child_sitemap,
    rank_feeds,
    read_home_page,
    sitemap_candidates,
)

ROBOTS_ACCEPT = "text/plain, */*;q=0.5"
MAX_INDEX_DEPTH = 2  # an index of indexes is seen; deeper is a loop or a mistake


class DiscoveryError(Exception):
    """Discovery failed; `code` is a stable reason code (connection_error, not_a_feed…)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Failure:
    url: str
    code: str
    detail: str = ""


@dataclass
class Discovery:
    """What discovery found behind one URL: the feeds kept, the others, what failed."""

    home_url: str
    title: str = ""
    language: str = ""
    kept: list[FoundFeed] = field(default_factory=list)
    others: list[FoundFeed] = field(default_factory=list)  # found, not kept (see --all)
    failed: list[Failure] = field(default_factory=list)  # declared feeds that do not work
    # To explain a failure: URLs tried, and how many of them robots.txt refused.
    tried: int = 0
    refused: int = 0


@dataclass
class RobotsRules:
    """One origin's robots.txt, as urllib.robotparser reads it."""

    parser: RobotFileParser
    sitemaps: list[str]
    # Set when robots.txt could not be fetched at all: the site is unreachable.
    unreachable: FetchResult | None = None

    @classmethod
    def from_result(cls, result: FetchResult) -> RobotsRules:
        parser = RobotFileParser()
        if result.ok:
            parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
            return cls(parser, list(parser.site_maps() or []))
        if result.status is None:
            return cls(parser, [], unreachable=result)
        # RFC 9309: no robots.txt (4xx) allows everything; a server error forbids everything.
        status = result.status
        parser.allow_all = 400 <= status < 500 or status == 200
        parser.disallow_all = not parser.allow_all
        return cls(parser, [])


def no_pause(url: str) -> None:
    pass


class Prober:
    """Requests for discovery: robots.txt honoured, a pause before each request (`pace`)."""

    def __init__(
        self, fetcher: Fetcher, user_agent: str, pace: Callable[[str], None] = no_pause
    ) -> None:
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.pace = pace
        self._robots: dict[str, RobotsRules] = {}

    # ------------------------------------------------------------------ requests

    def robots(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        if origin not in self._robots:
            self.pace(origin)
            result = self.fetcher.get(f"{origin}/robots.txt", accept=ROBOTS_ACCEPT)
            self._robots[origin] = RobotsRules.from_result(result)
        return self._robots[origin]

    def get(self, url: str, accept: str) -> FetchResult:
        rules = self.robots(url)
        if rules.unreachable is not None:
            unreachable = rules.unreachable
            return FetchResult(
                url, error_code=unreachable.error_code, error_detail=unreachable.error_detail
            )
        if not rules.parser.can_fetch(self.user_agent, url):
            detail = f"{origin_of(url)}/robots.txt does not allow it"
            return FetchResult(url, error_code="robots_disallowed", error_detail=detail)
        self.pace(url)
        return self.fetcher.get(url, accept=accept)

    # ------------------------------------------------------------------ discovery

    def discover(self, url: str, keep_all: bool = False) -> Discovery:
        """The feeds behind a home page or a feed URL; raises DiscoveryError when none."""
        page = self.get(url, accept=f"{PAGE_ACCEPT}, {FEED_ACCEPT}")
        if not page.ok:
            raise DiscoveryError(page.error_code, f"{url}: {page.error_detail}")
        parsed = read_any_feed(page)
        if parsed is not None:
            return self.discovery_of_feed(page, parsed)
        if not looks_like_html(page):
            content_type = page.headers.get("content-type", "no Content-Type")
            raise DiscoveryError(
                "not_a_feed", f"{page.url} is no feed, sitemap or web page ({content_type})"
            )
        home = read_home_page(decode_text(page), page.url)
        return self.discover_from_page(page, home, keep_all)

    def discovery_of_feed(self, page: FetchResult, parsed: ParsedFeed) -> Discovery:
        home = parsed.link if is_web_url(parsed.link) else site_root(page.url)
        feed = FoundFeed(page.url, parsed.format, parsed.title, "given")
        language = feed_language(parsed)
        return Discovery(home, title=parsed.title, language=language, kept=[feed], tried=1)

    def discover_from_page(self, page: FetchResult, home: HomePage, keep_all: bool) -> Discovery:
        found = Discovery(home_of_page(page.url), title=home.title, language=home.language)
        stages = (self.from_links, self.from_usual_paths, self.from_sitemaps)
        for stage in stages:
            stage(found, page.url, home, keep_all)
            if found.kept:
                return found
        raise DiscoveryError("no_feed_found", nothing_found_detail(page.url, found))

    def from_links(self, found: Discovery, page_url: str, home: HomePage, keep_all: bool) -> None:
        # A link back to the page just read (an HTML page posing as a feed) is no feed.
        candidates = [feed for feed in home.feeds if feed.url != page_url]
        for candidate in rank_feeds(candidates, found.home_url):
            if found.kept and not keep_all:
                found.others.append(candidate)
            else:
                self.keep_if_feed(found, candidate, report_failure=True)

    def from_usual_paths(self, found: Discovery, page_url: str, _home, _keep_all) -> None:
        # Guesses: the first that works is kept, whatever --all says (/feed and /feed/
        # are usually one feed under two names).
        tried = {page_url} | {failure.url for failure in found.failed}
        for url in common_feed_urls(found.home_url):
            if url not in tried and self.keep_if_feed(found, FoundFeed(url, via="usual path")):
                return

    def from_sitemaps(self, found: Discovery, _page_url, _home, keep_all: bool) -> None:
        declared = self.robots(found.home_url).sitemaps
        for candidate in sitemap_candidates(found.home_url, declared):
            declared_here = candidate.via == "robots.txt"
            if self.keep_if_feed(found, candidate, report_failure=declared_here) and not keep_all:
                return

    def keep_if_feed(self, found: Discovery, candidate: FoundFeed, report_failure=False) -> bool:
        feed = self.check_feed(found, candidate, report_failure)
        if feed is None or feed.url in [kept.url for kept in found.kept]:
            return False
        found.kept.append(feed)
        if not found.language:
            found.language = feed.language
        return True

    def check_feed(
        self, found: Discovery, candidate: FoundFeed, report_failure: bool, depth: int = 0
    ) -> FoundFeed | None:
        """The candidate as a working feed (a sitemap index gives its best child), or None."""
        found.tried += 1
        result = self.get(candidate.url, accept=FEED_ACCEPT)
        found.refused += result.error_code == "robots_disallowed"
        parsed = read_any_feed(result) if result.ok else None
        failure = None
        if not result.ok:
            failure = Failure(candidate.url, result.error_code, result.error_detail)
        elif parsed is None:
            failure = Failure(candidate.url, "not_a_feed", "no RSS, Atom, JSON Feed or sitemap")
        elif isinstance(parsed, ParsedSitemap) and parsed.is_index:
            child = pick_child_sitemap(parsed.children, parsed.children_lastmod)
            if child and depth < MAX_INDEX_DEPTH:
                via = f"{candidate.via}, index {result.url}"
                return self.check_feed(found, FoundFeed(child, "sitemap", via=via), True, depth + 1)
            failure = Failure(candidate.url, "no_article_sitemap", "an index of other sitemaps")
        if failure is not None:
            if report_failure:
                found.failed.append(failure)
            return None
        title = parsed.title or candidate.title
        language = feed_language(parsed)
        return FoundFeed(result.url, parsed.format, title, candidate.via, language=language)


# --------------------------------------------------------------------------- reading answers


def read_any_feed(result: FetchResult) -> ParsedFeed | None:
    """The answer as a feed or a sitemap, or None when it is neither."""
    content_type = result.headers.get("content-type", "")
    parsed = parse_feed(result.content, result.url, content_type)
    if parsed.format:
        return parsed
    sitemap = parse_sitemap(result.content, result.url)
    return sitemap if sitemap.format else None


def looks_like_html(result: FetchResult) -> bool:
    if "html" in result.headers.get("content-type", "").lower():
        return True
    return b"<html" in result.content[:2048].lower()


def decode_text(result: FetchResult) -> str:
    """The declared charset when there is one, else UTF-8, never an exception."""
    _, _, declared = result.headers.get("content-type", "").partition("charset=")
    charset = declared.split(";")[0].strip(" \"'") or "utf-8"
    try:
        return result.content.decode(charset, errors="replace")
    except LookupError:
        return result.content.decode("utf-8", errors="replace")


def feed_language(parsed: ParsedFeed) -> str:
    titles = " ".join(entry.title for entry in parsed.entries[:20])
    return parsed.language or detect_language(titles)


def home_of_page(url: str) -> str:
    """The page itself when it is a home page (the site's root or an edition such as /ar/),
    else the site's root: an article or a feed URL answering HTML is not a home page."""
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    if not segments or (len(segments) == 1 and not FEEDISH_SEGMENT.search(segments[0])):
        return url.split("?")[0].split("#")[0]
    return site_root(url)


def nothing_found_detail(url: str, found: Discovery) -> str:
    detail = f"{url}: no feed in its <link> tags, usual paths or sitemaps ({found.tried} tried"
    if found.refused:
        detail += f", {found.refused} disallowed by robots.txt"
    return detail + ")"
