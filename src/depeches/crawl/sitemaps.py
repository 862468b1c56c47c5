"""Sitemaps as feeds: a <urlset> becomes feed entries, a <sitemapindex> names its children.

News outlets without RSS usually keep a Google News sitemap (the articles of the last two
days, with title and publication date) or a dated post sitemap; both read like a feed.
Elements are matched by local name, so the sitemap namespace, Google's news and image
extensions and their many misspelt namespace URIs all work.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from depeches.crawl.feeds import FeedEntry, ParsedFeed

# The sitemaps protocol caps a sitemap at 50 MB uncompressed: more is a bomb or a mistake.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
SITEMAP_ROOTS = {"urlset", "sitemapindex"}
# An & that starts no entity or character reference: a raw one, as in `?id=1&lang=fr`.
STRAY_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)")


@dataclass
class ParsedSitemap(ParsedFeed):
    """A ParsedFeed, plus the child sitemaps of an index (empty for a <urlset>)."""

    children: list[str] = field(default_factory=list)
    # Each child's <lastmod> where it has one: picks the most recent child.
    children_lastmod: dict[str, datetime] = field(default_factory=dict)

    @property
    def is_index(self) -> bool:
        return bool(self.children)


class SitemapTooLarge(Exception):
    pass


def parse_sitemap(content: bytes, url: str) -> ParsedSitemap:
    """Entries of a <urlset>, or the children of a <sitemapindex>, from raw or gzipped bytes.

    What can be read of a malformed sitemap is kept, with the code `malformed_sitemap`;
    a document that is no sitemap at all gives `not_a_sitemap` and no entries.
    """
    gzip_problem = ""
    if content.startswith(GZIP_MAGIC):
        try:
            content, gzip_problem = gunzip_capped(content, MAX_SITEMAP_BYTES)
        except SitemapTooLarge as error:
            return failed("body_too_large", str(error))
        except zlib.error as error:
            return failed("malformed_sitemap", f"gzip: {error}")
    root, xml_problems = parse_xml(content)
    problems = "; ".join(problem for problem in (gzip_problem, xml_problems) if problem)
    kind = local_name(root) if root is not None else ""
    if kind not in SITEMAP_ROOTS:
        code = "malformed_sitemap" if gzip_problem else "not_a_sitemap"
        return failed(code, problems or f"root element <{kind or 'none'}>")
    result = read_index(root, url) if kind == "sitemapindex" else read_urlset(root, url)
    if problems:
        result.error_code, result.error_detail = "malformed_sitemap", problems[:500]
    return result


def sitemap_children(content: bytes, url: str = "") -> list[str]:
    """The child sitemap URLs of a sitemap index (none for anything else)."""
    return parse_sitemap(content, url).children


def failed(code: str, detail: str) -> ParsedSitemap:
    return ParsedSitemap([], format="", error_code=code, error_detail=detail[:500])


def gunzip_capped(content: bytes, limit: int) -> tuple[bytes, str]:
    """The decompressed bytes, and "" or what was wrong (a cut-off stream keeps its start)."""
    # wbits=31: a gzip header; max_length stops a bomb before it fills the memory.
    inflater = zlib.decompressobj(wbits=31)
    data = inflater.decompress(content, limit + 1)
    if len(data) > limit or inflater.unconsumed_tail:
        raise SitemapTooLarge(f"more than {limit} bytes once decompressed")
    return data, "" if inflater.eof else "gzip: the stream is cut off or corrupt"


def parse_xml(content: bytes) -> tuple[etree._Element | None, str]:
    """The document's root, read leniently, and what was wrong with it ("" if nothing).

    Raw ampersands are escaped first: lxml's recovery would drop them, and with them part
    of a URL's query string.
    """
    content, stray = STRAY_AMPERSAND.subn(b"&amp;", content)
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:  # raised even in recover mode for empty documents
        return None, f"XML: {error}"[:500]
    errors = [entry for entry in parser.error_log if entry.level >= etree.ErrorLevels.ERROR]
    problems = [f"line {entry.line}: {entry.message}" for entry in errors[:3]]
    if stray:
        problems.insert(0, f"{stray} raw & (read as &amp;)")
    return root, "; ".join(problems)[:500]


def read_urlset(root: etree._Element, url: str) -> ParsedSitemap:
    entries: list[FeedEntry] = []
    title = language = ""
    for element in children_named(root, "url"):
        entry = url_entry(element, url)
        if entry is None:
            continue
        entries.append(entry)
        news = first_child(element, "news")
        publication = first_child(news, "publication") if news is not None else None
        if publication is not None and not title:
            title = child_text(publication, "name")
            language = child_text(publication, "language")[:2].lower()
    return ParsedSitemap(
        entries, title=title, format="sitemap", link=site_home(url), language=language
    )


def url_entry(element: etree._Element, sitemap_url: str) -> FeedEntry | None:
    loc = child_text(element, "loc")
    if not loc:
        return None
    link = urljoin(sitemap_url, loc)
    news = first_child(element, "news")
    title = child_text(news, "title") if news is not None else ""
    published = w3c_datetime(child_text(news, "publication_date") if news is not None else "")
    image = first_child(element, "image")
    image_loc = child_text(image, "loc") if image is not None else ""
    return FeedEntry(
        guid=link[:1000],
        link=link,
        title=" ".join(title.split()),
        published=published or w3c_datetime(child_text(element, "lastmod")),
        image_url=urljoin(sitemap_url, image_loc) if image_loc else "",
    )


def read_index(root: etree._Element, url: str) -> ParsedSitemap:
    result = ParsedSitemap([], format="sitemap", link=site_home(url))
    for element in children_named(root, "sitemap"):
        loc = child_text(element, "loc")
        if not loc:
            continue
        child = urljoin(url, loc)
        result.children.append(child)
        lastmod = w3c_datetime(child_text(element, "lastmod"))
        if lastmod:
            result.children_lastmod[child] = lastmod
    return result


# --------------------------------------------------------------------------- XML helpers


def local_name(element: etree._Element) -> str:
    # Comments and processing instructions have a function as their tag.
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children_named(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def first_child(element: etree._Element, name: str) -> etree._Element | None:
    return next(iter(children_named(element, name)), None)


def child_text(element: etree._Element, name: str) -> str:
    child = first_child(element, name)
    return "".join(child.itertext()).strip() if child is not None else ""


# --------------------------------------------------------------------------- values


DATE_ONLY = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def w3c_datetime(value: str) -> datetime | None:
    """A W3C datetime (what sitemaps use: 2024, 2024-05-01, 2024-05-01T10:00:00+01:00), in UTC."""
    value = value.strip()
    if not value:
        return None
    if DATE_ONLY.match(value):  # a year or a month alone: its first day
        value = (value + "-01-01")[:10]
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def site_home(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""
