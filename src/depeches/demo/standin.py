"""Stand-in outlets: a news corpus served as several websites on 127.0.0.1.

This is the one way tests and the demo meet HTTP. Each outlet is its own origin (its own port)
served by a standard-library ``ThreadingHTTPServer`` (HTTP/1.1, Content-Length, keep-alive):

==========================  ================================================================
``/``                       home page: latest articles, rubriques, ``<link rel="alternate">``
feed path                   RSS 2.0 (``/feed/``, ``/rss.xml``...) or, for one outlet in three,
                            Atom 1.0 (``/atom.xml``, ``/feed/atom/``): the latest entries
``/sitemap.xml``            every published article (with news and image extensions)
article pages               e.g. ``/politique/2018/06/06/<slug>-1234567.html``, with boilerplate
``/<rubrique>/``            the latest articles of one rubrique
``/images/<n>.jpg``         lead pictures (800x450 JPEG), ``/images/thumbs/<n>.jpg`` (320x180)
``/?p=<n>``                 WordPress shortlink (the GUID of some outlets), 301 to the article
``/robots.txt``             allows everything, names the sitemap
``/_standin/articles.json`` ground truth: every published article with id, url, title, date...
==========================  ================================================================

Feeds, pages, sitemap and pictures carry ETag and Last-Modified and answer conditional requests
with 304; text is gzipped for clients that accept it. An index server lists the outlets at
``/`` (HTML), ``/outlets.json`` and ``/outlets.opml``.

Outlets misbehave on request: see ``depeches.demo.faults`` for the fault names and effects.

Publishing: without ``publish_every`` every article is online from the start, at its corpus
date. With it, the ``initial`` oldest articles are online at start (half by default) and the
next one (in corpus date order, whatever its outlet) appears every ``publish_every`` seconds,
dated at that moment (UTC). ``publish_next()`` does the same at once, for tests.

Standard library and Pillow only: no Django, so tests and benchmarks need no settings.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import math
import os
import socket
import struct
import sys
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from xml.sax.saxutils import quoteattr

from .corpus import CorpusArticle, SiteSpec, fold_outlets
from .faults import NO_FAULTS, OutletFaults, parse_faults
from .outlet import Outlet, PublishedArticle
from .pictures import PictureCache
from .responses import BODILESS, Request, Response, html_response, json_response

DEFAULT_FEED_SIZE = 30
IDLE_TIMEOUT = 15  # seconds a kept-alive connection may stay silent before it is closed
POLL_INTERVAL = 0.05  # how often serve_forever looks for shutdown: bounds stop() time

Log = Callable[[str], None]
App = Callable[[Request], Response]


class StandinError(RuntimeError):
    """The network cannot start (a port is taken...); the message says what to do."""


@dataclass(frozen=True)
class Publication:
    """One article that ``publish_next()`` put online."""

    site: Outlet
    article: PublishedArticle

    @property
    def url(self) -> str:
        return self.site.url(self.article.path)


# --------------------------------------------------------------------------- HTTP plumbing


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    # Headers and body go out in two writes; without this, Nagle's algorithm and delayed ACKs
    # add ~40 ms to every keep-alive answer.
    disable_nagle_algorithm = True
    server: _StandinServer

    def version_string(self) -> str:
        return "depeches-standin/1.0"

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.app(Request(self.command, self.path, headers))
        if response.reset:
            self._reset_connection()
        else:
            self._send(response, head)

    def _send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status not in BODILESS:
            self.send_header("Content-Length", str(response.content_length))
        self.end_headers()
        if head or response.status in BODILESS:
            return
        for chunk in response.chunks():
            self.wfile.write(chunk)

    def _reset_connection(self) -> None:
        """Close the socket with SO_LINGER 0, so the client gets a TCP RST, not a clean FIN.

        The socket is detached and closed at once: left to the server, it would first be shut
        down for writing, which sends the FIN we do not want.
        """
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        os.close(self.connection.detach())

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log is not None:
            self.server.log(f"[{self.server.label}] {self.address_string()} {format % args}")


class _StandinServer(ThreadingHTTPServer):
    """One origin. Handler threads are joined on close; open connections are shut first so
    that a kept-alive client cannot hold ``stop()`` up."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], app: App, label: str, log: Log | None) -> None:
        self.app = app
        self.label = label
        self.log = log
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request, client_address) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already gone
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address) -> None:  # type: ignore[override]
        # A client that hangs up mid-answer is normal life for a web server, not an error.
        if isinstance(sys.exception(), ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


def _bind(host: str, port: int, app: App, label: str, log: Log | None) -> _StandinServer:
    try:
        return _StandinServer((host, port), app, label, log)
    except OverflowError as error:  # a port past 65535, e.g. --port 65530 with 10 outlets
        raise StandinError(f"cannot listen on port {port} for {label}: no such port") from error
    except OSError as error:
        raise StandinError(
            f"cannot listen on {host}:{port} for {label}: {error.strerror or error}"
            " (is another stand-in or server running? choose another --port)"
        ) from error


# --------------------------------------------------------------------------- the network


class StandinNetwork:
    """Several stand-in outlets plus an index, served from 127.0.0.1.

    Typical use::

        with StandinNetwork(load_corpus(["fr.jsonl"]).articles, outlets=3) as network:
            feed = httpx.get(network.sites[0].feed_url)
    """

    def __init__(
        self,
        articles: Sequence[CorpusArticle],
        *,
        outlets: int | None = None,
        feed_size: int = DEFAULT_FEED_SIZE,
        publish_every: float | None = None,
        initial: int | None = None,
        faults: str | Mapping[str, OutletFaults] | None = None,
        host: str = "127.0.0.1",
        index_port: int = 0,
        log: Log | None = None,
    ) -> None:
        _check_options(articles, feed_size, publish_every, initial, host, index_port)
        self.host = host
        self.index_port = index_port
        self.publish_every = publish_every
        self.log = log
        self._stopping = threading.Event()
        self._publish_lock = threading.Lock()
        self._servers: list[_StandinServer] = []
        self._threads: list[threading.Thread] = []
        self._index_server: _StandinServer | None = None
        self.sites = self._make_sites(fold_outlets(articles, outlets), feed_size, faults)
        self._pending = self._publish_initial(publish_every, initial)

    def _make_sites(
        self,
        specs: list[SiteSpec],
        feed_size: int,
        faults: str | Mapping[str, OutletFaults] | None,
    ) -> list[Outlet]:
        if isinstance(faults, Mapping):
            fault_map = dict(faults)
        else:
            fault_map = parse_faults(faults, [spec.slug for spec in specs])
        pictures = PictureCache()  # one cache for all: its bound is the memory bound
        return [
            Outlet(
                spec,
                position,
                feed_size=feed_size,
                faults=fault_map.get(spec.slug, NO_FAULTS),
                pictures=pictures,
                stopping=self._stopping,
            )
            for position, spec in enumerate(specs)
        ]

    # ------------------------------------------------------------------ publishing

    def _publish_initial(self, publish_every: float | None, initial: int | None) -> deque:
        """Publish the oldest articles at their corpus dates; return the rest, oldest first."""
        schedule = sorted(
            ((article, site) for site in self.sites for article in site.spec.articles),
            key=lambda pair: (pair[0].published, pair[0].id),
        )
        if initial is None:
            initial = len(schedule) if publish_every is None else math.ceil(len(schedule) / 2)
        batches: dict[str, list[CorpusArticle]] = {}
        for article, site in schedule[:initial]:
            batches.setdefault(site.slug, []).append(article)
        for site in self.sites:
            site.publish_many(batches.get(site.slug, []))
        return deque(schedule[initial:])

    @property
    def pending(self) -> int:
        """How many articles are still waiting to be published."""
        return len(self._pending)

    def publish_next(self) -> Publication | None:
        """Put the next waiting article online now, dated now; None when none is left."""
        with self._publish_lock:
            if not self._pending:
                return None
            article, site = self._pending.popleft()
            # Whole seconds: feeds and HTTP dates cannot say more, and tests compare them.
            now = datetime.now(UTC).replace(microsecond=0)
            published = site.publish(article, now)
        if self.log is not None:
            self.log(f"[{site.slug}] published {site.url(published.path)}")
        return Publication(site, published)

    def _publish_periodically(self, interval: float) -> None:
        while not self._stopping.wait(interval):
            if self.publish_next() is None:
                return

    # ------------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self._index_server is not None

    @property
    def index_url(self) -> str:
        if self._index_server is None:
            raise RuntimeError("the stand-in network is not started")
        return f"http://{self.host}:{self._index_server.server_address[1]}/"

    def start(self) -> StandinNetwork:
        if self.running:
            raise RuntimeError("the stand-in network is already started")
        self._stopping.clear()
        try:
            index = _bind(self.host, self.index_port, self._index_app, "index", self.log)
            self._servers.append(index)
            for position, site in enumerate(self.sites):
                port = self.index_port + 1 + position if self.index_port else 0
                server = _bind(self.host, port, site.respond, f"outlet {site.slug!r}", self.log)
                self._servers.append(server)
                site.host, site.port = self.host, server.server_address[1]
        except BaseException:
            self._close_servers()
            self._forget_ports()
            raise
        self._index_server = index
        for server in self._servers:
            self._spawn(server.serve_forever, f"standin-{server.label}", POLL_INTERVAL)
        if self.publish_every is not None:
            self._spawn(self._publish_periodically, "standin-publisher", self.publish_every)
        return self

    def _spawn(self, target: Callable[..., object], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving, close every connection, join every thread, free every port."""
        self._stopping.set()  # ends the publisher and cuts latency waits short
        for server in self._servers:
            server.shutdown()
        self._close_servers()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        self._index_server = None
        self._forget_ports()

    def _forget_ports(self) -> None:
        for site in self.sites:
            site.port = None

    def _close_servers(self) -> None:
        for server in self._servers:
            server.close_connections()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> StandinNetwork:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ the index

    def outlets_summary(self) -> list[dict[str, object]]:
        return [
            {
                "name": site.name,
                "slug": site.slug,
                "language": site.language,
                "home_url": site.home_url,
                "feed_url": site.feed_url,
                "feed_format": site.feed_format,
                "articles": len(site.snapshot.articles),
            }
            for site in self.sites
        ]

    def _index_app(self, request: Request) -> Response:
        if request.path == "/":
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")]
            return Response(200, headers, self._index_page().encode())
        if request.path == "/outlets.json":
            summary = json.dumps(self.outlets_summary(), ensure_ascii=False, indent=1)
            return json_response(summary.encode())
        if request.path == "/outlets.opml":
            headers = [("Content-Type", "text/x-opml; charset=utf-8")]
            return Response(200, headers, self._opml().encode())
        return html_response(404, "Not found", f"No {request.path} here; try / or /outlets.json.")

    def _index_page(self) -> str:
        rows = "\n".join(
            f'<tr><td>{escape(site.name)}</td><td lang="{site.language}">{site.language}</td>'
            f"<td>{len(site.snapshot.articles)}</td>"
            f'<td><a href="{escape(site.home_url)}">{escape(site.home_url)}</a></td>'
            f'<td><a href="{escape(site.feed_url)}">{site.feed_format}</a></td></tr>'
            for site in self.sites
        )
        return (
            '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
            "<title>Sites de démonstration - depeches</title></head><body>\n"
            "<h1>Sites de démonstration</h1>\n<table>\n"
            "<tr><th>Site</th><th>Langue</th><th>Articles</th><th>Accueil</th><th>Flux</th></tr>\n"
            f'{rows}\n</table>\n<p><a href="/outlets.json">outlets.json</a> · '
            '<a href="/outlets.opml">outlets.opml</a></p>\n</body></html>\n'
        )

    def _opml(self) -> str:
        outlines = "\n".join(
            f'<outline type="rss" text={quoteattr(site.name)} title={quoteattr(site.name)} '
            f"xmlUrl={quoteattr(site.feed_url)} htmlUrl={quoteattr(site.home_url)} "
            f"language={quoteattr(site.language)}/>"
            for site in self.sites
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
            "<head><title>depeches stand-in outlets</title></head>\n"
            f"<body>\n{outlines}\n</body>\n</opml>\n"
        )


def _check_options(
    articles: Sequence[CorpusArticle],
    feed_size: int,
    publish_every: float | None,
    initial: int | None,
    host: str,
    index_port: int,
) -> None:
    if not articles:
        raise ValueError("no articles to serve: the corpus is empty")
    if feed_size < 0:
        raise ValueError(f"feed size must be 0 (all) or more, not {feed_size}")
    if publish_every is not None and not publish_every > 0:
        raise ValueError(f"publish_every must be a positive number of seconds, not {publish_every}")
    if initial is not None and initial < 0:
        raise ValueError(f"initial must be 0 or more, not {initial}")
    if not 0 <= index_port <= 65535:
        raise ValueError(f"port {index_port} is not a TCP port")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback or ":" in host:
        raise ValueError(f"stand-in outlets listen on 127.0.0.1 only, not on {host!r}")
