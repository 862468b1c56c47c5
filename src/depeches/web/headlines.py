"""The headline strip, rendered once per content version and language, for every page."""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from depeches.web.content_version import current_version
from depeches.web.queries import latest_headlines

STRIP_TEMPLATE = "web/includes/headlines.html"
KEEP_SECONDS = 600


def headline_strip_html() -> SafeString:
    """Every page and /fragments/headlines/ show the same strip: rendered on the first page
    after a change and reused by all others, whatever page they are."""
    key = f"depeches:headlines:{current_version().number}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(STRIP_TEMPLATE, {"headlines": latest_headlines()})
        cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)
