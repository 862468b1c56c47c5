"""Reader pages are rendered once per content version, language and minute, then reused.

`cached_page` wraps a view:
- ETag and Last-Modified name what the page was made from (content version, language and
  the freshness period), so a browser revalidating an unchanged page gets a 304 before any
  query runs;
- the rendered page is kept in Django's cache under a key holding the same parts, so a
  new article (which bumps the content version) makes every cached page stale at once;
- the response varies on Accept-Language and Cookie, the two things that choose the
  interface language, since one URL serves both languages.

Pages carry the reader's own CSRF token (the language switch is a POST form): the cached
copy holds a slot instead, filled for each reader by depeches.web.middleware.

A page already in the cache is served by depeches.web.middleware.CachedPageMiddleware, high
in the middleware stack, through `kept_page_response`: the same validators, headers and
bytes as this decorator gives, without the session, URL resolution and view dispatch.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language, get_language_from_request
from django.views.decorators.http import condition

from depeches.web.content_version import current_version

# How long a cached page is kept when time plays no part in it (DEPECHES_PAGE_FRESHNESS=0).
TIMELESS_PAGE_SECONDS = 600


class PageState(NamedTuple):
    """What a reader page depends on, besides its URL."""

    version: int
    period: int  # the freshness period the page falls in (0 when time plays no part)
    language: str
    last_modified: datetime

    @property
    def etag(self) -> str:
        # Weak: two readers' copies differ by their CSRF token, and nothing else.
        return f'W/"{self.version}-{self.period}-{self.language}"'


def page_state(request: HttpRequest) -> PageState:
    """Computed once per request, so the ETag, Last-Modified and cache key always agree."""
    if not hasattr(request, "depeches_page_state"):
        request.depeches_page_state = current_state(get_language() or settings.LANGUAGE_CODE)
    return request.depeches_page_state


def current_state(language: str) -> PageState:
    version = current_version()
    freshness = settings.DEPECHES_PAGE_FRESHNESS
    period = int(time.time() // freshness) if freshness else 0
    period_start = datetime.fromtimestamp(period * freshness, UTC)
    return PageState(
        version=version.number,
        period=period,
        language=language,
        # The page as it is now began when the content last changed or the period began.
        last_modified=max(version.changed_at, period_start),
    )


def page_cache_key(request: HttpRequest, state: PageState) -> str:
    # The host is part of it: pages hold absolute URLs (OpenGraph, JSON-LD).
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"depeches:page:{state.version}:{state.period}:{state.language}:{digest}"


def cached_page(view):
    """Serve the view's page from the cache, with validators, for both languages."""

    def etag(request, *args, **kwargs) -> str:
        return page_state(request).etag

    def last_modified(request, *args, **kwargs) -> datetime:
        return page_state(request).last_modified

    @condition(etag_func=etag, last_modified_func=last_modified)
    def cached_or_rendered(request, *args, **kwargs) -> HttpResponse:
        state = page_state(request)
        key = page_cache_key(request, state)
        kept = cache.get(key)
        if kept is not None:
            return kept_page(kept)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # a TemplateResponse (sitemaps): its bytes are what is kept
        if response.status_code == 200 and not response.streaming:
            timeout = settings.DEPECHES_PAGE_FRESHNESS or TIMELESS_PAGE_SECONDS
            cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response

    @wraps(view)
    def serve(request, *args, **kwargs) -> HttpResponse:
        return with_page_headers(cached_or_rendered(request, *args, **kwargs))

    return serve


def kept_page(kept: tuple[bytes, str]) -> HttpResponse:
    content, content_type = kept
    return HttpResponse(content, content_type=content_type)


def with_page_headers(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    # private: the page holds this reader's CSRF token; no-cache: ask every time (and
    # get a 304 while the page is unchanged), since new articles arrive any minute.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def kept_page_response(request: HttpRequest) -> HttpResponse | None:
    """The page for a GET from the cache, or a 304, as cached_page would answer it; None
    when the page is not in the cache (or is no cached page at all): the view renders it.

    The language is chosen as LocaleMiddleware would (cookie, then Accept-Language, then
    French), since that middleware has not run yet."""
    if request.method != "GET":
        return None
    language = get_language_from_request(request)
    state = request.depeches_page_state = current_state(language)
    kept = cache.get(page_cache_key(request, state))
    if kept is None:
        return None
    last_modified = int(state.last_modified.timestamp())
    response = get_conditional_response(request, etag=state.etag, last_modified=last_modified)
    if response is None:
        response = kept_page(kept)
    response.headers["ETag"] = state.etag
    response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Content-Language"] = language
    return with_page_headers(response)
