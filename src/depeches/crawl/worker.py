"""The crawl worker: poll due feeds, fetch the new articles' pages, store them.

Each step is a function; the worker only sequences them. Every article is stored in its
own transaction, and a feed's lease is released only after its articles are stored, so
a worker killed at any moment leaves nothing half-written: the next one redoes the feed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from depeches.articles.canonical import canonical_url
from depeches.articles.dates import parse_date
from depeches.articles.models import Article
from depeches.articles.store import ArticleData, find_existing, store_article
from depeches.crawl import frontier
from depeches.crawl.extract import decode_html, extract_article
from depeches.crawl.feeds import FeedEntry, ParsedFeed, parse_feed
from depeches.crawl.fetcher import FEED_ACCEPT, Fetcher, FetchResult
from depeches.crawl.politeness import MAX_WAIT, PoliteFetcher
from depeches.crawl.sitemaps import GZIP_MAGIC, parse_sitemap
from depeches.images.download import IMAGE_ACCEPT
from depeches.images.ingest import (
    attach_downloaded,
    download_candidates,
    rewrite_image_sources,
)
from depeches.sources.discovery import pick_child_sitemap
from depeches.sources.models import Feed, Outlet

log = logging.getLogger("depeches.crawl")

MAX_NEW_ARTICLES_PER_POLL = 200
IDLE_POLL_SECONDS = 5.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 10000}"


def make_fetcher() -> Fetcher:
    return Fetcher(
        settings.DEPECHES_USER_AGENT,
        timeout=settings.DEPECHES_FETCH_TIMEOUT,
        max_bytes=settings.DEPECHES_FETCH_MAX_BYTES,
    )


class Crawler:
    """One crawl worker. `stop` (a threading.Event) ends it between two requests."""

    def __init__(self, fetcher: Fetcher | None = None, stop: threading.Event | None = None):
        self.fetcher = fetcher or make_fetcher()
        self.stop = stop or threading.Event()
        self.net = PoliteFetcher(self.fetcher, settings.DEPECHES_USER_AGENT, self.stop.is_set)
        self.name = worker_name()
        self.counts: Counter[str] = Counter()
        frontier.release_dead_workers_leases()

    def close(self) -> None:
        self.fetcher.close()

    def run_forever(self) -> None:
        while not self.stop.is_set():
            if not self.run_once():
                wait = frontier.seconds_until_next_due()
                self.stop.wait(min(IDLE_POLL_SECONDS, wait if wait is not None else 60))

    def run_until_idle(self) -> None:
        while not self.stop.is_set() and self.run_once():
            pass

    def run_once(self) -> int:
        """Poll every feed due now, then retry a few pages that failed; returns the work
        done (0: nothing was due)."""
        polled = 0
        while not self.stop.is_set():
            feeds = frontier.claim_due_feeds(self.name, limit=5)
            if not feeds:
                break
            for feed in feeds:
                self.poll_feed_safely(feed)
                polled += 1
        return polled + self.retry_failed_pages()

    def poll_feed_safely(self, feed: Feed) -> None:
        """A bug met on one feed is recorded on it (`internal_error`) and logged with its
        traceback; the worker goes on with the other feeds."""
        try:
            self.poll_feed(feed)
        except Exception as error:
            log.exception("feed %s: internal error", feed.url)
            self.counts["errors"] += 1
            self.counts["error:internal_error"] += 1
            outcome = frontier.PollOutcome(error_code="internal_error", error_detail=repr(error))
            frontier.finish_poll(feed, outcome)

    def retry_failed_pages(self, limit: int = 20) -> int:
        """Articles kept with their feed's text only: fetch their page again, later."""
        retried = 0
        for article in articles_to_retry(limit):
            if self.stop.is_set() or not claim_retry(article):
                continue
            data = ArticleData(
                url=article.url, title=article.title, guid=article.guid, lead=article.lead,
                text=article.text, author=article.author, published=article.published_at,
            )  # fmt: skip
            self.read_article_page(article.outlet, data)
            if data.extracted:
                store_article(article.outlet, article.feed, data)
                self.counts["pages_recovered"] += 1
            else:
                Article.objects.filter(pk=article.pk).update(
                    extraction_attempts=F("extraction_attempts") + 1,
                    extraction_error=data.extraction_error,
                )
            retried += 1
        return retried

    # --- one feed ---------------------------------------------------------------------

    def poll_feed(self, feed: Feed) -> None:
        self.counts["feeds_polled"] += 1
        result = self.net.get(
            feed.url,
            delay=feed.outlet.pause_between_requests,
            accept=FEED_ACCEPT,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
        if result.error_code == "stopping":
            frontier.release(feed)
            return
        if result.error_code == "host_backing_off":
            frontier.postpone(feed, MAX_WAIT * 2)
            return
        if result.not_modified:
            self.counts["not_modified"] += 1
            frontier.finish_poll(feed, frontier.PollOutcome(status=304))
            return
        if not result.ok:
            self.record_failure(feed, result)
            return
        parsed = self.read_feed(feed, result)
        if parsed.error_code and not parsed.entries:
            self.record_failure(feed, result, parsed)
            return
        complete = self.store_entries(feed, parsed.entries)
        if self.stop.is_set():
            frontier.release(feed)  # half-polled: the next worker redoes it
            return
        self.finish(feed, result, parsed, complete)

    def read_feed(self, feed: Feed, result: FetchResult) -> ParsedFeed:
        """Entries of a feed, or of a sitemap (for an index: of its most recent child)."""
        if feed.format != Feed.Format.SITEMAP and not looks_like_sitemap(result.content):
            return parse_feed(result.content, result.url, result.headers.get("content-type", ""))
        parsed = parse_sitemap(result.content, result.url)
        if not parsed.is_index:
            return parsed
        # Re-chosen at every poll: numbered post sitemaps move on to a new file.
        child_url = pick_child_sitemap(parsed.children, parsed.children_lastmod)
        child = self.net.get(
            child_url, delay=feed.outlet.pause_between_requests, accept=FEED_ACCEPT
        )
        if not child.ok:
            return ParsedFeed([], error_code=child.error_code, error_detail=child.error_detail)
        parsed = parse_sitemap(child.content, child.url)
        parsed.format = Feed.Format.SITEMAP
        return parsed

    def finish(
        self, feed: Feed, result: FetchResult, parsed: ParsedFeed, complete: bool = True
    ) -> None:
        if parsed.format:
            feed.format = parsed.format
        rate = frontier.entries_per_day([e.published for e in parsed.entries if e.published])
        outcome = frontier.PollOutcome(
            status=result.status,
            etag=result.headers.get("ETag", ""),
            last_modified=result.headers.get("Last-Modified", ""),
            entries_per_day=rate,
            # A partly readable feed keeps its entries and still says what was wrong.
            warning_code=parsed.error_code,
            warning_detail=parsed.error_detail,
            more_to_do=not complete,
        )
        frontier.finish_poll(feed, outcome)

    def record_failure(
        self, feed: Feed, result: FetchResult, parsed: ParsedFeed | None = None
    ) -> None:
        self.counts["errors"] += 1
        self.counts[f"error:{parsed.error_code if parsed else result.error_code}"] += 1
        outcome = frontier.PollOutcome(
            status=result.status,
            error_code=parsed.error_code if parsed else result.error_code,
            error_detail=parsed.error_detail if parsed else result.error_detail,
            retry_after=result.retry_after,
        )
        log.info("feed %s: %s (%s)", feed.url, outcome.error_code, outcome.error_detail)
        frontier.finish_poll(feed, outcome)

    # --- its entries ------------------------------------------------------------------

    def store_entries(self, feed: Feed, entries: list[FeedEntry]) -> bool:
        """Store the feed's new and changed entries; False if some are left for later.

        At most MAX_NEW_ARTICLES_PER_POLL pages are fetched per poll, so that one feed
        with thousands of entries (a first poll, a sitemap) does not hold a worker for
        hours; the rest is taken at the next poll, scheduled at once."""
        # Oldest first, so that an interrupted poll has stored a prefix of the timeline.
        entries = sorted(entries, key=lambda e: e.published or timezone.now())
        known = known_titles(feed.outlet, entries)
        seen: set[str] = set()
        fetched = 0
        for entry in entries:
            if self.stop.is_set():
                return False
            if not entry.link or entry.link in seen:
                self.counts["entries_skipped"] += 1
                continue
            seen.add(entry.link)
            title = known.get(canonical_url(entry.link)) or known.get(entry.guid)
            if title is not None and (not entry.title or entry.title == title):
                continue  # known and unchanged: no query, no request
            if fetched >= MAX_NEW_ARTICLES_PER_POLL:
                return False
            fetched += 1
            self.store_entry(feed, entry)
        return True

    def store_entry(self, feed: Feed, entry: FeedEntry) -> None:
        existing = find_existing(feed.outlet, entry.link, entry.guid)
        # Sitemap entries often have no title: known means unchanged.
        if existing is not None and (not entry.title or existing.title == entry.title):
            return
        data = entry_data(entry)
        if existing is None:
            self.read_article_page(feed.outlet, data)
            if self.stop.is_set():
                return  # not stored: the feed is redone by the next worker
        else:
            # The title changed at the source: keep the text already read from its page.
            data.text, data.html = existing.text, existing.html
            data.extracted = existing.extraction == existing.Extraction.DONE
        # Pictures are downloaded first: no network inside the transaction, and the article
        # is stored together with its pictures or not at all.
        downloads = self.download_images(feed.outlet, data) if existing is None else {}
        if self.stop.is_set():
            return
        with transaction.atomic():
            article, what = store_article(feed.outlet, feed, data)
            if what == "created" and downloads:
                self.attach(article, data, downloads)
        self.counts[f"articles_{what}"] += 1

    def download_images(self, outlet: Outlet, data: ArticleData) -> dict:
        delay = outlet.pause_between_requests
        return download_candidates(
            data.images, lambda url: self.net.get(url, delay=delay, accept=IMAGE_ACCEPT)
        )

    def attach(self, article: Article, data: ArticleData, downloads: dict) -> None:
        """Attach the article's pictures and point its HTML at depeches' copies."""
        attached = attach_downloaded(article, data.images, downloads)
        for problem in attached.problems:
            self.counts[f"image_error:{problem.code}"] += 1
        self.counts["images_attached"] += len(attached)
        html = rewrite_image_sources(article.html, attached.served, base_url=article.url)
        if html != article.html:
            Article.objects.filter(pk=article.pk).update(html=html)

    def read_article_page(self, outlet: Outlet, data: ArticleData) -> None:
        """Fetch the article's page and extract it; on failure keep the feed's content."""
        page = self.net.get(data.url, delay=outlet.pause_between_requests)
        data.extraction_attempts = 1
        if not page.ok:
            data.extraction_error = page.error_code
            self.counts[f"page_error:{page.error_code}"] += 1
            return
        extracted = extract_article(decode_page(page), page.url, outlet.extraction_rules or None)
        if not extracted["text"]:
            data.extraction_error = "no_text_found"
            return
        apply_extraction(data, extracted, page.url)


def apply_extraction(data: ArticleData, extracted: dict, page_url: str) -> None:
    """Merge what the page says into what the feed said (the page wins on text)."""
    data.text = extracted["text"]
    data.html = extracted.get("html", "")
    data.title = data.title or extracted["title"]
    data.author = data.author or extracted["author"]
    data.published = page_date(extracted["date"], data.published)
    data.language = extracted.get("language", "") or data.language
    data.canonical = extracted.get("canonical", "") or page_url
    data.lead = data.lead or extracted.get("description", "")
    data.extracted = True
    lead = extracted.get("image") or (data.images[0][0] if data.images else "")
    inline = [
        (image["url"], image.get("caption") or image.get("alt", ""), False)
        for image in extracted.get("images", [])
    ]
    data.images = ([(lead, "", True)] if lead else []) + inline


MAX_PAGE_ATTEMPTS = 3
PAGE_RETRY_AFTER = timedelta(minutes=15)


def articles_to_retry(limit: int) -> list[Article]:
    due = timezone.now() - PAGE_RETRY_AFTER
    return list(
        Article.objects.filter(
            extraction=Article.Extraction.FEED_ONLY,
            extraction_attempts__lt=MAX_PAGE_ATTEMPTS,
            updated_at__lt=due,
            outlet__active=True,
        )
        .select_related("outlet", "feed")
        .order_by("updated_at")[:limit]
    )


def claim_retry(article: Article) -> bool:
    """Take the retry for this worker: one conditional UPDATE, so two workers never
    fetch the same page again at once."""
    return bool(
        Article.objects.filter(pk=article.pk, updated_at=article.updated_at).update(
            updated_at=timezone.now()
        )
    )


def known_titles(outlet: Outlet, entries: list[FeedEntry]) -> dict[str, str]:
    """Titles of the entries already stored, by canonical URL and by GUID: one query for
    the whole feed instead of one per entry."""
    urls = {canonical_url(entry.link) for entry in entries if entry.link}
    guids = {entry.guid for entry in entries if entry.guid}
    known: dict[str, str] = {}
    for batch in chunks(sorted(urls), 500):
        for url, title in Article.objects.filter(canonical_url__in=batch).values_list(
            "canonical_url", "title"
        ):
            known[url] = title
    for batch in chunks(sorted(guids), 500):
        for guid, title in Article.objects.filter(outlet=outlet, guid__in=batch).values_list(
            "guid", "title"
        ):
            known[guid] = title
    return known


def chunks(items: list[str], size: int):
    # SQLite caps the number of parameters of one query.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def looks_like_sitemap(content: bytes) -> bool:
    head = content[:2000]
    return head.startswith(GZIP_MAGIC) or b"<urlset" in head or b"<sitemapindex" in head


def entry_data(entry: FeedEntry) -> ArticleData:
    lead_image = [(entry.image_url, "", True)] if entry.image_url else []
    return ArticleData(
        images=lead_image,
        url=entry.link,
        title=entry.title,
        guid=entry.guid,
        lead=entry.summary,
        author=entry.author,
        published=entry.published,
        categories=entry.categories,
    )


def decode_page(page: FetchResult) -> str:
    """The page as text: HTTP charset, BOM, <meta> declaration, then detection."""
    content_type = page.headers.get("content-type", "")
    declared = content_type.split("charset=")[-1].split(";")[0].strip(" \"'")
    return decode_html(page.content, declared if "charset=" in content_type else "")


def page_date(value: str | None, feed_date: datetime | None) -> datetime | None:
    """The page's date (JSON-LD, meta, visible text) over the feed's; a page giving only the
    day keeps the feed's time when the feed says the same day."""
    if not value:
        return feed_date
    parsed = parse_date(value)
    if parsed is None:
        return feed_date
    day_only = len(value.strip()) <= 10
    if day_only and feed_date and timezone.localtime(feed_date).date() == parsed.date():
        return feed_date
    return parsed


def run_crawlers(concurrency: int, mode: str, stop: threading.Event) -> Counter[str]:
    """Run `concurrency` crawlers in threads of this process; mode: forever|once|until_idle.

    Requests to one host stay one at a time (the Host row's slot); threads only let a
    worker wait for one outlet's pause while it talks to another."""
    totals: Counter[str] = Counter()
    lock = threading.Lock()

    def crawl() -> None:
        crawler = Crawler(stop=stop)
        try:
            {"forever": crawler.run_forever, "once": crawler.run_once}.get(
                mode, crawler.run_until_idle
            )()
        finally:
            crawler.close()
            connection.close()  # each thread has its own database connection
            with lock:
                totals.update(crawler.counts)

    threads = [threading.Thread(target=crawl, name=f"crawler-{n}") for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return totals
