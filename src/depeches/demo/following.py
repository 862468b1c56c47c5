"""Registering stand-in outlets as outlets depeches follows (the demo and the tests)."""

from __future__ import annotations

from collections.abc import Iterable

from depeches.sources.models import Outlet
from depeches.sources.registry import register_outlet


def follow_sites(sites: Iterable, *, request_delay: float = 0.1) -> list[Outlet]:
    """One outlet per stand-in site, with its feed; the stand-ins are our own, on this
    machine, and serve text written or licensed for it: full text and short pauses."""
    return [
        register_outlet(
            slug=site.slug,
            name=site.name,
            home_url=site.home_url,
            language=site.language,
            feed_urls=[site.feed_url],
            display_mode=Outlet.DisplayMode.FULL,
            request_delay=request_delay,
        )
        for site in sites
    ]
