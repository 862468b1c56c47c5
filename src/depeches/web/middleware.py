"""Middleware of the reader's site: cached pages served early, CSRF slots filled."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token

from depeches.web.page_cache import kept_page_response

# What {% csrf_slot %} writes where the token goes. Only the first one is filled: the
# language switch comes before any article text in the page.
CSRF_SLOT = "csrf-slot-3c1f2b0e"
CSRF_SLOT_BYTES = CSRF_SLOT.encode()


def fill_csrf_slot(request: HttpRequest, response: HttpResponse) -> None:
    """Put the reader's token where the cached page holds the slot. Asking for the token
    also makes CsrfViewMiddleware set its cookie on the way out."""
    if (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and CSRF_SLOT_BYTES in response.content
    ):
        token = get_token(request).encode()
        response.content = response.content.replace(CSRF_SLOT_BYTES, token, 1)


class CsrfSlotMiddleware:
    """Pages are cached for every reader (depeches.web.page_cache), but a form's CSRF token
    belongs to one reader: templates write a slot ({% csrf_slot %}) and this fills it on the
    way out of a rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        fill_csrf_slot(request, response)
        return response


class CachedPageMiddleware:
    """A page already in the page cache is answered here, before sessions, locale, URL
    resolution and the view: most requests of a news site are such pages, and what runs
    below would only rebuild the same response. Only the CSRF cookie still needs a hand:
    CsrfViewMiddleware's own request and response steps are run around the slot filling."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        response = kept_page_response(request)
        if response is None:
            return self.get_response(request)
        self.csrf.process_request(request)
        fill_csrf_slot(request, response)
        if response.status_code == 200:
            response.headers["Content-Length"] = str(len(response.content))
        return self.csrf.process_response(request, response)
