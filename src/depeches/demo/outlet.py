"""One stand-in outlet: what it has published, how its site looks, how it answers requests.

The published articles live in an immutable ``Snapshot``; publishing builds a new snapshot and
swaps it in, so request threads read a consistent view without locking, and every document
built from a snapshot (feed, sitemap, home page...) is built once, on first request, and then
served from memory until the next publication.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from . import site_feeds, site_pages
from .corpus import CorpusArticle, SiteSpec, slugify
from .faults import NO_FAULTS, FaultDice, Mishap, OutletFaults
from .pictures import LEAD_SIZE, THUMB_SIZE, PictureCache
from .responses import (
    STREAM_CHUNK,
    Entity,
    Request,
    Response,
    html_response,
    json_response,
    redirect,
    serve_entity,
)
from .site_pages import category_path

RSS_PATHS = ("/feed/", "/rss.xml", "/rss/", "/feeds/all.xml")
ATOM_PATHS = ("/atom.xml", "/feed/atom/")
LAYOUTS = ("classic", "portal", "magazine")
# Some outlets tag the links in their feed; the page's canonical URL is the clean one.
LINK_SUFFIXES = ("", "?utm_source=rss&utm_medium=feed", "", "#xtor=RSS-1")
GROUND_TRUTH_PATH = "/_standin/articles.json"


@dataclass(frozen=True)
class OutletProfile:
    """How one outlet's site is built; derived from its position so it is deterministic."""

    feed_format: str  # "rss" or "atom"
    feed_path: str
    layout: str  # one of LAYOUTS
    json_ld: bool
    open_graph: bool
    guid_style: str  # "permalink", "uuid" (urn:uuid) or "shortlink" (WordPress /?p=N)
    title_separator: str  # between headline and outlet name in <title>
    url_style: str  # "dated", "section" or "numeric"
    feed_image: str  # "enclosure", "media" or "both"
    html_description: bool  # feed description as HTML (image + paragraph) rather than text
    link_suffix: str  # tracking parameters or fragment added to links in the feed

    @classmethod
    def for_position(cls, i: int) -> OutletProfile:
        # Different periods (3, 2, 4...) so the traits combine differently from site to site.
        atom = i % 3 == 1
        return cls(
            feed_format="atom" if atom else "rss",
            feed_path=ATOM_PATHS[(i // 3) % 2] if atom else RSS_PATHS[(i // 3) % 4],
            layout=LAYOUTS[(i + i // 3) % 3],
            json_ld=i % 2 == 0,
            open_graph=i % 4 != 3,
            guid_style=("permalink", "uuid", "shortlink")[(i + 1) % 3],
            title_separator=" - " if i % 2 == 0 else " | ",
            url_style=("dated", "section", "numeric")[(i // 2) % 3],
            feed_image=("both", "enclosure", "media")[i % 3],
            html_description=i % 4 == 2,
            link_suffix=LINK_SUFFIXES[i % 4],
        )


@dataclass(frozen=True)
class PublishedArticle:
    """A corpus article as one outlet published it: its date there, its number and paths."""

    article: CorpusArticle
    published: datetime
    sequence: int  # order of publication on this outlet; breaks ties between equal dates
    number: int  # the outlet's own article number (in URLs, shortlinks, image names)
    path: str

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def image_path(self) -> str:
        return f"/images/{self.number}.jpg"

    @property
    def thumb_path(self) -> str:
        return f"/images/thumbs/{self.number}.jpg"

    @property
    def sort_key(self) -> tuple[datetime, int]:
        return self.published, self.sequence


def article_number(article_id: str, taken: set[int]) -> int:
    """A seven-digit number from the id, like a CMS's; the next free one on a collision."""
    number = int(hashlib.blake2b(article_id.encode(), digest_size=8).hexdigest(), 16) % 9_000_000
    number += 1_000_000
    while number in taken:
        number += 1
    return number


def article_path(style: str, article: CorpusArticle, published: datetime, number: int) -> str:
    slug = slugify(article.title, max_length=70) or "article"
    section = category_path(article.category)
    if style == "section":
        return f"{section}{slug}-{number}"
    if style == "numeric":
        return f"/article/{number}/{slug}.html"
    return f"{section}{published:%Y/%m/%d}/{slug}-{number}.html"


class Snapshot:
    """The articles an outlet has published at one moment, and the documents made from them."""

    def __init__(self, outlet: Outlet, articles: Sequence[PublishedArticle]) -> None:
        self.outlet = outlet
        self.articles = tuple(sorted(articles, key=lambda pub: pub.sort_key, reverse=True))
        self.by_path = {pub.path: pub for pub in self.articles}
        self.by_number = {pub.number: pub for pub in self.articles}
        self._rubriques: dict[str, Entity] = {}

    @property
    def newest(self) -> datetime | None:
        return self.articles[0].published if self.articles else None

    @cached_property
    def categories(self) -> dict[str, str]:
        """Rubrique path -> corpus category, most used first."""
        counts: dict[str, int] = {}
        for pub in self.articles:
            counts[pub.article.category] = counts.get(pub.article.category, 0) + 1
        ranked = sorted(counts, key=lambda category: (-counts[category], category))
        return {category_path(category): category for category in ranked}

    @cached_property
    def most_read(self) -> tuple[PublishedArticle, ...]:
        """A stable pseudo-random pick among recent articles, one more than shown so the page
        of one of them can leave itself out."""
        recent = self.articles[:40]
        ranked = sorted(recent, key=lambda pub: hashlib.blake2b(pub.id.encode()).digest())
        return tuple(ranked[: site_pages.MOST_READ + 1])

    @cached_property
    def feed_entity(self) -> Entity:
        size = self.outlet.feed_size
        entries = self.articles[:size] if size else self.articles
        text = site_feeds.render_feed(self.outlet, entries, self.newest)
        media_type = site_feeds.FEED_TYPES[self.outlet.feed_format]
        return self.outlet.text_entity(text, media_type, self.newest)

    @cached_property
    def sitemap_entity(self) -> Entity:
        # The sitemap protocol requires UTF-8, so charset faults leave it alone.
        text = site_feeds.render_sitemap(self.outlet, self.articles)
        return Entity(text.encode(), "application/xml; charset=utf-8", self.newest)

    @cached_property
    def home_entity(self) -> Entity:
        return self.outlet.html_entity(site_pages.render_home(self.outlet, self), self.newest)

    @cached_property
    def ground_truth(self) -> bytes:
        records = [site_feeds.ground_truth_record(self.outlet, pub) for pub in self.articles]
        return json.dumps(records, ensure_ascii=False, indent=1).encode()

    def rubrique_entity(self, path: str) -> Entity:
        if path not in self._rubriques:  # a race only builds the same page twice
            category = self.categories[path]
            members = [pub for pub in self.articles if pub.article.category == category]
            page = site_pages.render_rubrique(self.outlet, self, category, members)
            self._rubriques[path] = self.outlet.html_entity(page, members[0].published)
        return self._rubriques[path]

    def article_entity(self, pub: PublishedArticle) -> Entity:
        # Rendered on demand: cheap, and caching every page of a big outlet would cost memory.
        page = site_pages.render_article(self.outlet, self, pub)
        return self.outlet.html_entity(page, pub.published)


class Outlet:
    """A stand-in website. Public attributes: name, slug, language, port, home_url, feed_url,
    feed_format, feed_path and ``articles`` (published so far, newest first)."""

    def __init__(
        self,
        spec: SiteSpec,
        position: int,
        *,
        feed_size: int,
        faults: OutletFaults = NO_FAULTS,
        pictures: PictureCache | None = None,
        stopping: threading.Event | None = None,
    ) -> None:
        self.spec = spec
        self.name = spec.name
        self.slug = spec.slug
        self.language = spec.language
        self.profile = OutletProfile.for_position(position)
        self.feed_size = feed_size
        self.faults = faults
        self.host = "127.0.0.1"
        self.port: int | None = None
        self._pictures = pictures or PictureCache()
        self._stopping = stopping or threading.Event()
        self._dice = FaultDice(faults, spec.slug)
        self._lock = threading.Lock()  # serialises publications
        self._numbers: set[int] = set()
        self._snapshot = Snapshot(self, ())

    # ------------------------------------------------------------------ identity and URLs

    def __repr__(self) -> str:
        return f"<Outlet {self.slug} {self.language} {self.feed_format} port={self.port}>"

    @property
    def feed_format(self) -> str:
        return self.profile.feed_format

    @property
    def feed_path(self) -> str:
        return self.profile.feed_path

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError(f"outlet {self.slug!r} is not listening yet: start the network")
        return f"http://{self.host}:{self.port}"

    @property
    def home_url(self) -> str:
        return self.base_url + "/"

    @property
    def feed_url(self) -> str:
        return self.base_url + self.feed_path

    def url(self, path: str) -> str:
        return self.base_url + path

    def guid(self, pub: PublishedArticle) -> tuple[str, bool]:
        """The entry's GUID and whether it is a permalink."""
        if self.profile.guid_style == "permalink":
            return self.url(pub.path), True
        if self.profile.guid_style == "shortlink":
            return self.url(f"/?p={pub.number}"), False
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"standin:{pub.id}")), False

    def feed_link(self, pub: PublishedArticle) -> str:
        return self.url(pub.path) + self.profile.link_suffix

    # ------------------------------------------------------------------ publishing

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def articles(self) -> list[PublishedArticle]:
        return list(self._snapshot.articles)

    def publish(self, article: CorpusArticle, when: datetime) -> PublishedArticle:
        """Put ``article`` online, dated ``when``; every document follows from the next request."""
        with self._lock:
            current = self._snapshot.articles
            pub = self._stamp(article, when, sequence=len(current))
            self._snapshot = Snapshot(self, (*current, pub))
        return pub

    def publish_many(self, articles: Sequence[CorpusArticle]) -> None:
        """Publish a batch at their corpus dates with a single snapshot (fast start)."""
        with self._lock:
            current = list(self._snapshot.articles)
            for article in articles:
                current.append(self._stamp(article, article.published, sequence=len(current)))
            self._snapshot = Snapshot(self, current)

    def _stamp(self, article: CorpusArticle, when: datetime, sequence: int) -> PublishedArticle:
        """Give an article its number and URL on this outlet (the caller holds the lock)."""
        number = article_number(article.id, self._numbers)
        self._numbers.add(number)
        path = article_path(self.profile.url_style, article, when, number)
        return PublishedArticle(article, when, sequence, number, path)

    # ------------------------------------------------------------------ encoding

    def text_entity(
        self, text: str, media_type: str, last_modified: datetime | None = None
    ) -> Entity:
        """Encode a page or feed the way this outlet does (see the charset faults)."""
        body = text.encode(self.faults.encoding, errors="xmlcharrefreplace")
        content_type = f"{media_type}; charset={self.faults.declared_encoding}"
        return Entity(body, content_type, last_modified)

    def html_entity(self, text: str, last_modified: datetime | None) -> Entity:
        return self.text_entity(text, "text/html", last_modified)

    # ------------------------------------------------------------------ answering

    def respond(self, request: Request) -> Response:
        if request.path.startswith("/_standin/"):
            return self._ground_truth(request)  # never faulty: tests rely on it
        if self.faults.latency:
            self._stopping.wait(self.faults.latency)  # stop() cuts the wait short
        mishap = self._mishap()
        if mishap is not None:
            return mishap
        if self.faults.forbidden:
            return html_response(403, "Forbidden", "Access denied.", "en")
        return self._route(request, self._snapshot)

    def _mishap(self) -> Response | None:
        mishap, status = self._dice.roll()
        retry_after = [("Retry-After", str(self.faults.retryafter))]
        if mishap is Mishap.RESET:
            return Response(0, reset=True)
        if mishap is Mishap.RATE_LIMITED:
            return html_response(429, "Too Many Requests", "Slow down.", "en", retry_after)
        if mishap is Mishap.SERVER_ERROR:
            extra = retry_after if status == 503 else []
            return html_response(status, "Server error", "Please try again later.", "en", extra)
        return None

    def _route(self, request: Request, snapshot: Snapshot) -> Response:
        path = request.path
        if path == "/":
            return self._home(request, snapshot)
        if path == self.feed_path:
            return self._feed(request, snapshot)
        if path == "/sitemap.xml":
            return serve_entity(request, snapshot.sitemap_entity)
        if path == "/robots.txt":
            return self._robots()
        if path.startswith("/images/"):
            return self._picture(request, snapshot)
        if path in snapshot.categories:
            return serve_entity(request, snapshot.rubrique_entity(path))
        pub = snapshot.by_path.get(path)
        if pub is not None:
            return self._article(request, snapshot, pub)
        return self.not_found(snapshot)

    def _home(self, request: Request, snapshot: Snapshot) -> Response:
        shortlink = request.query.get("p")
        if shortlink:  # WordPress shortlinks, the GUIDs of "shortlink" outlets
            pub = snapshot.by_number.get(int(shortlink[0])) if shortlink[0].isdigit() else None
            return redirect(self.url(pub.path), 301) if pub else self.not_found(snapshot)
        return serve_entity(request, snapshot.home_entity)

    def _feed(self, request: Request, snapshot: Snapshot) -> Response:
        faults = self.faults
        if faults.redirectloop:
            return self._loop(request)
        if faults.empty:
            content_type = site_feeds.FEED_TYPES[self.feed_format] + "; charset=utf-8"
            return Response(200, [("Content-Type", content_type)], b"")
        if faults.notfeed:
            return serve_entity(request, snapshot.home_entity)
        if faults.huge:
            closing_tag = b"</channel>" if self.feed_format == "rss" else b"</feed>"
            return self._padded(snapshot.feed_entity, closing_tag)
        return serve_entity(request, snapshot.feed_entity, [("Cache-Control", "no-cache")])

    def _article(self, request: Request, snapshot: Snapshot, pub: PublishedArticle) -> Response:
        if self.faults.redirectloop:
            return self._loop(request)
        entity = snapshot.article_entity(pub)
        if self.faults.huge:
            return self._padded(entity, b"</body>")
        return serve_entity(request, entity)

    def _loop(self, request: Request) -> Response:
        """Two URLs that redirect to each other: X -> X?loop=1 -> X -> ..."""
        if "loop" in request.query:
            return redirect(self.url(request.path))
        return redirect(self.url(request.path) + "?loop=1")

    def _padded(self, entity: Entity, before: bytes) -> Response:
        """The entity with junk inserted before ``before`` up to the ``huge`` size, streamed."""
        cut = entity.body.rfind(before)
        cut = cut if cut >= 0 else len(entity.body)
        head, tail = entity.body[:cut], entity.body[cut:]
        if entity.content_type.startswith("text/html"):
            opening, closing = b'<div hidden class="ad-slot">', b"</div>"
        else:
            opening, closing = b"<!--", b"-->"  # the filler has no "--": a valid XML comment
        junk = max(0, self.faults.huge_bytes - len(entity.body) - len(opening) - len(closing))
        chunks = _junk_stream(head + opening, junk, closing + tail)
        length = len(entity.body) + len(opening) + len(closing) + junk
        headers = [("Content-Type", entity.content_type), ("Cache-Control", "no-store")]
        return Response(200, headers, stream=chunks, stream_length=length)

    def _robots(self) -> Response:
        text = site_feeds.render_robots(self)
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        return Response(200, headers, text.encode())

    def _picture(self, request: Request, snapshot: Snapshot) -> Response:
        name = request.path.removeprefix("/images/")
        size = THUMB_SIZE if name.startswith("thumbs/") else LEAD_SIZE
        stem = name.removeprefix("thumbs/").removesuffix(".jpg")
        pub = snapshot.by_number.get(int(stem)) if stem.isdigit() else None
        if pub is None or not name.endswith(".jpg"):
            return self.not_found(snapshot)
        picture = self._pictures.get(pub.id, size)
        entity = Entity(picture, "image/jpeg", pub.published, compressible=False)
        return serve_entity(request, entity, [("Cache-Control", "public, max-age=86400")])

    def _ground_truth(self, request: Request) -> Response:
        if request.path != GROUND_TRUTH_PATH:
            return self.not_found(self._snapshot)
        return json_response(self._snapshot.ground_truth)

    def not_found(self, snapshot: Snapshot) -> Response:
        entity = self.html_entity(site_pages.render_not_found(self, snapshot), None)
        return Response(404, [("Content-Type", entity.content_type)], entity.body)


_FILLER = b"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
_JUNK_BLOCK = (_FILLER * (STREAM_CHUNK // len(_FILLER) + 1))[:STREAM_CHUNK]


def _junk_stream(head: bytes, junk: int, tail: bytes) -> Iterator[bytes]:
    """Yield ``head``, ``junk`` bytes of filler in 64 KiB chunks, then ``tail``."""
    yield head
    full, rest = divmod(junk, STREAM_CHUNK)
    for _ in range(full):
        yield _JUNK_BLOCK
    if rest:
        yield _JUNK_BLOCK[:rest]
    yield tail
