"""The headline strip, rendered once per content version and language, for every page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from depeches.web.fragments import shared_fragment
from depeches.web.queries import latest_headlines

STRIP_TEMPLATE = "web/includes/headlines.html"


def headline_strip_html() -> SafeString:
    """Every page and /fragments/headlines/ show the same strip: rendered on the first page
    after a change and reused by all others, whatever page they are."""
    return shared_fragment(
        "headlines", lambda: render_to_string(STRIP_TEMPLATE, {"headlines": latest_headlines()})
    )
