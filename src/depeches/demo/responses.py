"""The small piece of HTTP the stand-in outlets share: requests, entities, responses.

An ``Entity`` is a document as the site stores it (bytes, type, validators). ``serve_entity``
turns it into the ``Response`` a given request deserves: 304 when the client's validators
match, gzip when the client accepts it, the body otherwise.
"""

from __future__ import annotations

import gzip
import hashlib
import html
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

STREAM_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query
    headers: Mapping[str, str]  # header names lower-cased

    @cached_property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def accepts_gzip(self) -> bool:
        for coding in self.header("accept-encoding").split(","):
            name, _, params = coding.strip().partition(";")
            if name.strip().lower() in ("gzip", "x-gzip", "*"):
                return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return False


class Entity:
    """A stored document with its validators; its gzip form is made once, on first need."""

    def __init__(
        self,
        body: bytes,
        content_type: str,
        last_modified: datetime | None = None,
        compressible: bool = True,
    ) -> None:
        self.body = body
        self.content_type = content_type
        self.last_modified = last_modified
        self.compressible = compressible
        self.etag = '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'

    @cached_property
    def gzipped(self) -> bytes:
        # mtime=0: the same body always gives the same bytes, so the gzip ETag is stable too.
        return gzip.compress(self.body, compresslevel=6, mtime=0)

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    # A streamed body: the chunks and their total length, sent with that Content-Length.
    stream: Iterable[bytes] | None = None
    stream_length: int = 0
    reset: bool = False  # answer nothing: reset the TCP connection instead

    @property
    def content_length(self) -> int:
        return self.stream_length if self.stream is not None else len(self.body)

    def chunks(self) -> Iterator[bytes]:
        if self.stream is not None:
            yield from self.stream
        elif self.body:
            yield self.body


# Statuses that never carry a body (RFC 9110): no Content-Length either.
BODILESS = {204, 304}


def serve_entity(
    request: Request, entity: Entity, extra: Iterable[tuple[str, str]] = ()
) -> Response:
    """The answer to a GET or HEAD of ``entity``: 304, gzipped 200 or plain 200."""
    gzipped = entity.compressible and request.accepts_gzip
    headers = [("ETag", entity.gzip_etag if gzipped else entity.etag)]
    if entity.last_modified is not None:
        headers.append(("Last-Modified", http_date(entity.last_modified)))
    if entity.compressible:
        headers.append(("Vary", "Accept-Encoding"))
    headers.extend(extra)
    if not_modified(request, entity):
        return Response(304, headers)
    headers.append(("Content-Type", entity.content_type))
    if gzipped:
        headers.append(("Content-Encoding", "gzip"))
        return Response(200, headers, entity.gzipped)
    return Response(200, headers, entity.body)


def not_modified(request: Request, entity: Entity) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = request.header("if-none-match")
    if if_none_match:
        return any(_same_etag(tag, entity.etag) for tag in if_none_match.split(","))
    if_modified_since = request.header("if-modified-since")
    if if_modified_since and entity.last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        if since.tzinfo is None:
            return False
        return entity.last_modified.replace(microsecond=0) <= since
    return False


def _same_etag(candidate: str, etag: str) -> bool:
    """Weak comparison, and the gzip variant of a body matches the body itself."""
    candidate = candidate.strip()
    if candidate == "*":
        return True
    candidate = candidate.removeprefix("W/").replace('-gzip"', '"')
    return candidate == etag


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def html_page(status: int, title: str, message: str, lang: str = "fr") -> bytes:
    """A minimal error page (404, 403, 5xx...), escaped, in UTF-8."""
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{status} {html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></body></html>\n"
    ).encode()


def html_response(
    status: int, title: str, message: str, lang: str = "fr", extra: Iterable[tuple[str, str]] = ()
) -> Response:
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"), *extra]
    return Response(status, headers, html_page(status, title, message, lang))


def redirect(location: str, status: int = 302) -> Response:
    body = f'<a href="{html.escape(location)}">{html.escape(location)}</a>\n'.encode()
    headers = [("Location", location), ("Content-Type", "text/html; charset=utf-8")]
    return Response(status, headers, body)


def json_response(body: bytes) -> Response:
    headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
    return Response(200, headers, body)
