"""HTTP fetching for the crawler: one function over httpx with the crawler's limits.

Every failure becomes a stable reason code (see `FetchError.code`), never an exception
the worker has to guess about.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

STATUS_CODES = {
    401: "http_unauthorized",
    403: "http_forbidden",
    404: "http_not_found",
    410: "http_gone",
    429: "too_many_requests",
}


@dataclass
class FetchResult:
    """What one GET gave: either content (status 200), `not_modified`, or an error code."""

    url: str
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    content: bytes = b""
    error_code: str = ""
    error_detail: str = ""
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return not self.error_code and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class BodyTooLarge(Exception):
    pass


class Fetcher:
    """A reusable HTTP client with depeches' User-Agent, timeouts and size cap."""

    def __init__(
        self,
        user_agent: str,
        *,
        timeout: float = 20.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.total_timeout = timeout * 2
        self.client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate, br"},
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            # Redirects are followed in `_get`, so each target can be checked (robots.txt).
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: str = PAGE_ACCEPT,
        etag: str = "",
        last_modified: str = "",
        allowed: Callable[[str], bool] | None = None,
    ) -> FetchResult:
        """GET `url`, following at most 5 redirects, each only if `allowed(target)`."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._get(url, headers, allowed)
        except httpx.TooManyRedirects as error:
            return FetchResult(url, error_code="too_many_redirects", error_detail=str(error))
        except httpx.TimeoutException as error:
            return FetchResult(url, error_code="timeout", error_detail=describe(error))
        except httpx.ConnectError as error:
            code = "tls_error" if "SSL" in str(error) else "connection_error"
            return FetchResult(url, error_code=code, error_detail=describe(error))
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            return FetchResult(url, error_code="connection_reset", error_detail=describe(error))
        except httpx.DecodingError as error:
            return FetchResult(url, error_code="bad_encoding", error_detail=describe(error))
        except httpx.InvalidURL as error:
            return FetchResult(url, error_code="invalid_url", error_detail=describe(error))
        except httpx.HTTPError as error:
            return FetchResult(url, error_code="http_error", error_detail=describe(error))

    def _get(
        self, url: str, headers: dict[str, str], allowed: Callable[[str], bool] | None
    ) -> FetchResult:
        for _hop in range(MAX_REDIRECTS + 1):
            with self.client.stream("GET", url, headers=headers) as response:
                target = response.next_request.url if response.next_request else None
                if not response.is_redirect or target is None:
                    return self._result(response)
            url = str(target)
            if allowed is not None and not allowed(url):
                return FetchResult(url, error_code="robots_disallowed", error_detail="redirect")
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")

    def _result(self, response: httpx.Response) -> FetchResult:
        result = FetchResult(str(response.url), response.status_code, response.headers)
        if response.status_code == 304:
            return result
        if response.status_code != 200:
            return with_status_error(result)
        try:
            result.content = self._read_capped(response)
        except BodyTooLarge as error:
            result.error_code, result.error_detail = "body_too_large", str(error)
            return result
        if not result.content.strip():
            result.error_code, result.error_detail = "empty_body", "200 with an empty body"
        return result

    def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise BodyTooLarge(f"Content-Length {declared} > {self.max_bytes} bytes")
        deadline = time.monotonic() + self.total_timeout
        chunks, size = [], 0
        # iter_bytes yields decompressed bytes: the cap holds against compression bombs.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge(f"more than {self.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout(f"body not received within {self.total_timeout:.0f} s")
            chunks.append(chunk)
        return b"".join(chunks)


def with_status_error(result: FetchResult) -> FetchResult:
    status = result.status or 0
    result.error_code = STATUS_CODES.get(status) or (
        "server_error" if status >= 500 else f"http_{status}"
    )
    result.error_detail = f"HTTP {status}"
    result.retry_after = parse_retry_after(result.headers.get("Retry-After", ""))
    return result


def parse_retry_after(value: str) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
