"""Parts every page shows the same (the headline strip, the rubrique menu): rendered once per
content version and language, and reused by every page until the content changes."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from depeches.web.content_version import current_version

KEEP_SECONDS = 600


def shared_fragment(name: str, render: Callable[[], str]) -> SafeString:
    key = f"depeches:fragment:{name}:{current_version().number}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)
