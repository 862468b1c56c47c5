"""Finding an outlet's feeds, the pure half: what to look for and which feed to keep.

Discovery looks in three places, in this order, and stops at the first that gives a feed:
the home page's `<link rel="alternate">` tags, the usual feed paths, then the sitemaps
(robots.txt `Sitemap:` lines and the usual sitemap paths). The requests themselves are
made by `depeches.sources.probe`.

Which feed is the main one (`rank_feeds`), best first:
1. a feed (RSS, Atom, JSON Feed) before a sitemap;
2. not a comments feed;
3. not a category / tag / author / search feed (a marker in the path or query);
4. the shallowest: fewest path segments beyond the home page's own, once the feed-ish
   ones (`feed`, `rss`, `atom.xml`…) are set aside, so `/feed` beats `/politique/feed`;
5. fewest query parameters;
6. for sitemaps: a news sitemap, then a post/article one, then the most recent;
7. the order the site itself lists them in (sites list their main feed first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from depeches.sources.addresses import origin_of

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rss",
}
# Relative to the home page, so that an edition (https://ledesk.ma/ar/) finds its own feed.
COMMON_PATHS = [
    "feed",
    "feed/",
    "rss",
    "rss/",
    "rss.xml",
    "feed.xml",
    "atom.xml",
    "index.xml",
    "xml/syndication.rss",  # WMaker, the CMS of several Moroccan regional sites
    "?feed=rss2",  # WordPress without pretty permalinks
]
SITEMAP_PATHS = ["/news-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml"]

COMMENTS = re.compile(r"comment|commentaire|تعليق", re.IGNORECASE)
SECTION_MARKERS = re.compile(
    r"/(category|categorie|catégorie|tag|tags|author|auteur|topics?|section|rubrique|search)/"
    r"|[?&](cat|category|tag|author|s)=",
    re.IGNORECASE,
)
FEEDISH_SEGMENT = re.compile(
    r"^(feeds?|rss\d?|atom|xml|syndication|outboundfeeds|backend)$"
    r"|\.(xml|rss|atom|rdf|json)$",
    re.IGNORECASE,
)
NEWS_SITEMAP = re.compile(r"news", re.IGNORECASE)
POST_SITEMAP = re.compile(r"post|article|actualit|news", re.IGNORECASE)
NOT_ARTICLES_SITEMAP = re.compile(
    r"page|categor|tag|author|image|video|taxonom|product", re.IGNORECASE
)
NUMBERS = re.compile(r"\d+")


@dataclass
class FoundFeed:
    url: str
    format: str = ""  # rss, atom, json, sitemap; "" until fetched when a link has no type
    title: str = ""
    via: str = ""  # where it was found: link, usual path, robots.txt, sitemap path, given
    language: str = ""  # the feed's own, or guessed from its titles, once fetched
    lastmod: datetime | None = None  # sitemaps only


@dataclass
class HomePage:
    title: str = ""
    language: str = ""
    feeds: list[FoundFeed] = field(default_factory=list)


class _HeadParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.page = HomePage()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.page.language = values.get("lang", "")[:2].lower()
        elif tag == "base" and values.get("href"):
            self.base_url = urljoin(self.base_url, values["href"])
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and "alternate" in values.get("rel", "").lower().split():
            self._add_feed_link(values)

    def _add_feed_link(self, values: dict[str, str]) -> None:
        kind = FEED_TYPES.get(values.get("type", "").split(";")[0].strip().lower())
        href = values.get("href", "").strip()
        if kind and href:
            url = urljoin(self.base_url, href)
            if url not in [feed.url for feed in self.page.feeds]:
                self.page.feeds.append(FoundFeed(url, kind, values.get("title", ""), "link"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.page.title:
            self.page.title = " ".join(data.split())


def read_home_page(html: str, url: str) -> HomePage:
    parser = _HeadParser(url)
    parser.feed(html)
    parser.close()
    return parser.page


def common_feed_urls(home_url: str) -> list[str]:
    return list(dict.fromkeys(urljoin(home_url, path) for path in COMMON_PATHS))


def sitemap_candidates(home_url: str, declared: Sequence[str]) -> list[FoundFeed]:
    """Sitemaps worth trying: those robots.txt declares, then the usual paths; news first."""
    candidates = [FoundFeed(url, "sitemap", via="robots.txt") for url in declared]
    origin = origin_of(home_url)
    candidates += [
        FoundFeed(origin + path, "sitemap", via="sitemap path") for path in SITEMAP_PATHS
    ]
    return sorted(first_of_each_url(candidates), key=lambda feed: not is_news_sitemap(feed))


def first_of_each_url(feeds: Sequence[FoundFeed]) -> list[FoundFeed]:
    seen: set[str] = set()
    unique = []
    for feed in feeds:
        if feed.url not in seen:
            seen.add(feed.url)
            unique.append(feed)
    return unique


def is_news_sitemap(feed: FoundFeed) -> bool:
    return bool(NEWS_SITEMAP.search(urlsplit(feed.url).path))


# --------------------------------------------------------------------------- the main feed


def rank_feeds(feeds: Sequence[FoundFeed], home_url: str) -> list[FoundFeed]:
    """The feeds, main one first (see the module's docstring for the order)."""
    ranked = sorted(enumerate(feeds), key=lambda pair: (feed_rank(pair[1], home_url), pair[0]))
    return [feed for _, feed in ranked]


def feed_rank(feed: FoundFeed, home_url: str) -> tuple:
    parts = urlsplit(feed.url)
    is_sitemap = feed.format == "sitemap"
    return (
        is_sitemap,
        bool(COMMENTS.search(feed.url) or COMMENTS.search(feed.title)),
        bool(SECTION_MARKERS.search(f"{parts.path}?{parts.query}")),
        extra_depth(feed.url, home_url),
        len(parse_qsl(parts.query)),
        sitemap_rank(feed) if is_sitemap else (),
    )


def extra_depth(feed_url: str, home_url: str) -> int:
    """Path segments of the feed beyond the home page's, feed-ish segments set aside."""
    segments = [s for s in urlsplit(feed_url).path.split("/") if s]
    while segments and FEEDISH_SEGMENT.search(segments[-1]):
        segments.pop()
    home_segments = [s for s in urlsplit(home_url).path.split("/") if s]
    if segments[: len(home_segments)] == home_segments:
        segments = segments[len(home_segments) :]
    return len(segments)


def sitemap_rank(feed: FoundFeed) -> tuple:
    path = urlsplit(feed.url).path
    if NEWS_SITEMAP.search(path):
        kind = 0
    elif NOT_ARTICLES_SITEMAP.search(path):
        kind = 3
    elif POST_SITEMAP.search(path):
        kind = 1
    else:
        kind = 2
    newest_first = -feed.lastmod.timestamp() if feed.lastmod else 0.0
    # post-sitemap12 after post-sitemap2, sitemap-2025-01 after sitemap-2024-12.
    # A name without a number is the first of its series (Yoast's post-sitemap.xml).
    highest_numbers_first = tuple(-int(number) for number in NUMBERS.findall(path)) or (0,)
    return kind, newest_first, highest_numbers_first


def pick_child_sitemap(children: Sequence[str], lastmod: dict[str, datetime]) -> str:
    """The child of a sitemap index that lists the newest articles; "" if none lists articles.

    Preferred: a news sitemap, then a post/article one, then any dated one; among equals the
    most recent <lastmod>, then the highest numbers in the name.
    """
    candidates = [FoundFeed(url, "sitemap", lastmod=lastmod.get(url)) for url in children]
    ranked = sorted(candidates, key=sitemap_rank)
    if not ranked or sitemap_rank(ranked[0])[0] == 3:
        return ""
    return ranked[0].url
