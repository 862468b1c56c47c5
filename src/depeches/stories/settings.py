"""The clustering's settings, read from Django's settings or the environment."""

from __future__ import annotations

import os

DEFAULT_WINDOW_HOURS = 72.0


def window_hours() -> float:
    """DEPECHES_STORY_WINDOW_HOURS: how far back an article looks for its story."""
    from django.conf import settings

    value = getattr(settings, "DEPECHES_STORY_WINDOW_HOURS", None) if settings.configured else None
    if value is None:
        value = os.environ.get("DEPECHES_STORY_WINDOW_HOURS", DEFAULT_WINDOW_HOURS)
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return DEFAULT_WINDOW_HOURS
    return hours if hours > 0 else DEFAULT_WINDOW_HOURS
