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
import time
from collections import Counter
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from depeches.articles.store import ArticleData, find_existing, store_article
from depeches.crawl import frontier
from depeches.crawl.extract import extract_article
from depeches.crawl.feeds import FeedEntry, parse_feed
from depeches.crawl.fetcher import FEED_ACCEPT, Fetcher, FetchResult
from depeches.crawl.politeness import push_back_host, wait_for_slot
from depeches.sources.models import Feed

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
        self.name = worker_name()
        self.counts: Counter[str] = Counter()

    def run_forever(self) -> None:
        while not self.stop.is_set():
            if not self.run_once():
                wait = frontier.seconds_until_next_due()
                self.stop.wait(min(IDLE_POLL_SECONDS, wait if wait is not None else 60))

    def run_until_idle(self) -> None:
        while not self.stop.is_set() and self.run_once():
            pass

    def run_once(self) -> int:
        """Poll every feed due now; returns how many were polled."""
        polled = 0
        while not self.stop.is_set():
            feeds = frontier.claim_due_feeds(self.name, limit=5)
            if not feeds:
                break
            for feed in feeds:
                self.poll_feed(feed)
                polled += 1
        return polled

    def poll_feed(self, feed: Feed) -> None:
        self.counts["feeds_polled"] += 1
        if not wait_for_slot(feed.url, feed.outlet.request_delay, self.stop.is_set):
            return  # stopping: the lease expires and another worker takes the feed
        result = self.fetcher.get(
            feed.url, accept=FEED_ACCEPT, etag=feed.etag, last_modified=feed.last_modified
        )
        if result.not_modified:
            self.counts["not_modified"] += 1
            frontier.finish_poll(feed, frontier.PollOutcome(status=304))
            return
        if not result.ok:
            self.record_failure(feed, result)
            return
        parsed = parse_feed(result.content, result.url, result.headers.get("content-type", ""))
        if parsed.error_code and not parsed.entries:
            self.counts["errors"] += 1
            outcome = frontier.PollOutcome(
                status=result.status,
                error_code=parsed.error_code,
                error_detail=parsed.error_detail,
            )
            frontier.finish_poll(feed, outcome)
            return
        self.store_entries(feed, parsed.entries)
        if parsed.format and feed.format != parsed.format:
            feed.format = parsed.format
        frontier.finish_poll(
            feed,
            frontier.PollOutcome(
                status=result.status,
                etag=result.headers.get("ETag", ""),
                last_modified=result.headers.get("Last-Modified", ""),
                entries_per_day=frontier.entries_per_day(
                    [entry.published for entry in parsed.entries if entry.published]
                ),
                # A partly readable feed keeps its entries and says what was wrong.
                error_code="",
            ),
        )
        if parsed.error_code:
            Feed.objects.filter(pk=feed.pk).update(
                last_error_code=parsed.error_code, last_error_detail=parsed.error_detail[:2000]
            )

    def record_failure(self, feed: Feed, result: FetchResult) -> None:
        self.counts["errors"] += 1
        log.info("feed %s: %s (%s)", feed.url, result.error_code, result.error_detail)
        if result.retry_after:
            push_back_host(feed.url, result.retry_after)
        frontier.finish_poll(
            feed,
            frontier.PollOutcome(
                status=result.status,
                error_code=result.error_code,
                error_detail=result.error_detail,
                retry_after=result.retry_after,
            ),
        )

    def store_entries(self, feed: Feed, entries: list[FeedEntry]) -> None:
        # Oldest first, so that an interrupted poll has stored a prefix of the timeline.
        entries = sorted(entries, key=lambda e: e.published or timezone.now())
        seen: set[str] = set()
        for entry in entries[-MAX_NEW_ARTICLES_PER_POLL:]:
            if self.stop.is_set():
                return
            if not entry.link or entry.link in seen:
                continue
            seen.add(entry.link)
            self.store_entry(feed, entry)

    def store_entry(self, feed: Feed, entry: FeedEntry) -> None:
        existing = find_existing(feed.outlet, entry.link, entry.guid)
        if existing is not None and existing.title == entry.title:
            return
        data = entry_data(entry)
        if existing is None:
            self.add_page_content(feed, data)
        else:
            # The title changed at the source: keep the text already extracted from its page.
            data.text = existing.text
            data.extracted = existing.extraction == existing.Extraction.DONE
        _article, what = store_article(feed.outlet, feed, data)
        self.counts[f"articles_{what}"] += 1

    def add_page_content(self, feed: Feed, data: ArticleData) -> None:
        """Fetch the article's page and extract it; on failure keep the feed's content."""
        if not wait_for_slot(data.url, feed.outlet.request_delay, self.stop.is_set):
            return
        page = self.fetcher.get(data.url)
        if not page.ok:
            data.extraction_error = page.error_code
            return
        extracted = extract_article(decode_page(page), page.url)
        if not extracted["text"]:
            data.extraction_error = "no_text_found"
            return
        data.text = extracted["text"]
        data.title = data.title or extracted["title"]
        data.author = data.author or extracted["author"]
        data.published = data.published or parse_iso(extracted["date"])
        data.extracted = True


def entry_data(entry: FeedEntry) -> ArticleData:
    return ArticleData(
        url=entry.link,
        title=entry.title,
        guid=entry.guid,
        lead=entry.summary,
        author=entry.author,
        published=entry.published,
        categories=entry.categories,
    )


def decode_page(page: FetchResult) -> str:
    """The page as text: the declared charset when there is one, else UTF-8 leniently."""
    charset = ""
    content_type = page.headers.get("content-type", "")
    if "charset=" in content_type:
        charset = content_type.split("charset=")[-1].split(";")[0].strip(" \"'")
    try:
        return page.content.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return page.content.decode("utf-8", errors="replace")


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


def crawl_until_idle(stop: threading.Event | None = None) -> Counter[str]:
    crawler = Crawler(stop=stop)
    started = time.monotonic()
    crawler.run_until_idle()
    crawler.counts["seconds"] = round(time.monotonic() - started)
    crawler.fetcher.close()
    return crawler.counts
