"""/robots.txt: crawlers welcome on the reader's pages, pointed at the sitemap; not in the
admin, the report forms or the search results (endless combinations of the same articles)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('search:search')}",
        "Disallow: /images/*/signaler/",
        f"Sitemap: {request.build_absolute_uri(reverse('syndication:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
