"""Finding an outlet's feeds from its home page: <link rel="alternate">, then usual paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
}
COMMON_PATHS = ["/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/feed/"]


@dataclass
class HomePage:
    title: str = ""
    language: str = ""
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (url, format, title)


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
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and "alternate" in values.get("rel", "").lower().split():
            kind = FEED_TYPES.get(values.get("type", "").split(";")[0].strip().lower())
            if kind and values.get("href"):
                url = urljoin(self.base_url, values["href"])
                self.page.feeds.append((url, kind, values.get("title", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.page.title:
            self.page.title = data.strip()


def read_home_page(html: str, url: str) -> HomePage:
    parser = _HeadParser(url)
    parser.feed(html)
    return parser.page


def common_feed_urls(home_url: str) -> list[str]:
    return [urljoin(home_url, path) for path in COMMON_PATHS]
