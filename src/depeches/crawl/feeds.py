"""Feed parsing: bytes of an RSS, Atom or JSON feed into plain entries (feedparser).

A malformed feed still yields what can be read; its problem is returned as a reason code
so the caller can record it on the feed.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from depeches.articles.sanitize import html_to_text

# Problems feedparser reports that lose nothing: the feed was read in full.
BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass
class FeedEntry:
    guid: str
    link: str
    title: str
    published: datetime | None = None
    summary: str = ""
    author: str = ""
    categories: list[str] = field(default_factory=list)
    image_url: str = ""


@dataclass
class ParsedFeed:
    entries: list[FeedEntry]
    title: str = ""
    format: str = ""
    link: str = ""
    language: str = ""
    # Set when the feed was not well-formed or not a feed at all.
    error_code: str = ""
    error_detail: str = ""


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    if looks_like_json(content):
        return parse_json_feed(content, url)
    # Without a Content-Type feedparser flags every feed. No Content-Location: feedparser
    # would resolve opaque GUIDs against it; links are resolved in `to_entry` instead.
    headers = {"content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    entries = [entry for raw in parsed.entries if (entry := to_entry(raw, url)) is not None]
    result = ParsedFeed(
        entries=entries,
        title=html_to_text(parsed.feed.get("title", "")),
        format=feed_format(parsed.get("version", "")),
        link=parsed.feed.get("link", ""),
        language=(parsed.feed.get("language") or "")[:2].lower(),
    )
    if not parsed.get("version") and not entries:
        result.error_code = "not_a_feed"
        result.error_detail = bozo_detail(parsed) or "no RSS, Atom or JSON Feed found"
    elif parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), BENIGN):
        result.error_code = "malformed_feed"
        result.error_detail = bozo_detail(parsed)
    return result


def to_entry(raw: feedparser.FeedParserDict, feed_url: str) -> FeedEntry | None:
    link = (raw.get("link") or "").strip()
    title = html_to_text(raw.get("title", ""))
    if not link and not title:
        return None
    link = urljoin(feed_url, link) if link else ""
    guid = (raw.get("id") or link or title).strip()
    return FeedEntry(
        guid=guid[:1000],
        link=link,
        title=title,
        published=entry_time(raw),
        summary=html_to_text(raw.get("summary", "")),
        author=html_to_text(raw.get("author", "")),
        categories=[tag.get("term", "") for tag in raw.get("tags", []) if tag.get("term")],
        image_url=entry_image(raw, feed_url),
    )


def entry_time(raw: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get, not FeedParserDict.get: the latter maps a missing key to another
        # one (with a deprecation warning).
        value = dict.get(raw, key)
        if value:
            # feedparser gives a UTC struct_time.
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def entry_image(raw: feedparser.FeedParserDict, feed_url: str) -> str:
    candidates = [media.get("url") for media in raw.get("media_content", [])]
    candidates += [media.get("url") for media in raw.get("media_thumbnail", [])]
    candidates += [
        link.get("href")
        for link in raw.get("links", [])
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
    ]
    for candidate in candidates:
        if candidate:
            return urljoin(feed_url, candidate)
    return ""


def feed_format(version: str) -> str:
    if version.startswith("atom"):
        return "atom"
    if version.startswith("json"):
        return "json"
    if version.startswith("rss"):
        return "rss"
    return ""


def bozo_detail(parsed: feedparser.FeedParserDict) -> str:
    error = parsed.get("bozo_exception")
    return f"{type(error).__name__}: {error}"[:500] if error else ""


# JSON Feed (jsonfeed.org): feedparser 6 reads only XML feeds.


def looks_like_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(content.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        return ParsedFeed([], error_code="malformed_feed", error_detail=f"JSON: {error}"[:500])
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return ParsedFeed([], error_code="not_a_feed", error_detail="JSON without an items list")
    entries = [
        entry
        for item in document["items"]
        if isinstance(item, dict) and (entry := json_entry(item, url)) is not None
    ]
    return ParsedFeed(
        entries,
        title=html_to_text(str(document.get("title", ""))),
        format="json",
        link=str(document.get("home_page_url", "")),
        language=str(document.get("language", ""))[:2].lower(),
    )


def json_entry(item: dict, feed_url: str) -> FeedEntry | None:
    link = str(item.get("url") or item.get("external_url") or "").strip()
    title = html_to_text(str(item.get("title") or ""))
    if not link and not title:
        return None
    link = urljoin(feed_url, link) if link else ""
    summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    image = item.get("image") or item.get("banner_image") or ""
    return FeedEntry(
        guid=str(item.get("id") or link or title)[:1000],
        link=link,
        title=title,
        published=json_time(item.get("date_published") or item.get("date_modified")),
        summary=html_to_text(str(summary)),
        author=", ".join(str(a.get("name", "")) for a in authors if isinstance(a, dict)),
        categories=[str(tag) for tag in item.get("tags") or [] if tag],
        image_url=urljoin(feed_url, str(image)) if image else "",
    )


def json_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
