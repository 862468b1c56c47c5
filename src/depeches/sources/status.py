"""The health of every outlet and feed, as `depeches sources status` shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone
from rich.console import Console
from rich.table import Table
from rich.text import Text

from depeches.sources.models import Feed, Outlet

SHOWN_IN = ZoneInfo("Africa/Casablanca")
RECENT = timedelta(hours=24)


@dataclass
class StatusRow:
    outlet: str
    feed: str
    last_success: str = "-"
    http_status: str = "-"
    errors: str = "-"
    recent: str = "-"
    next_check: str = "-"
    failing: bool = False


def status_rows(now: datetime | None = None) -> list[StatusRow]:
    """One row per feed, and one per outlet that has no feed yet."""
    now = now or timezone.now()
    feeds = Feed.objects.select_related("outlet").annotate(
        recent=Count("articles", filter=Q(articles__fetched_at__gte=now - RECENT))
    )
    rows = [feed_row(feed, now) for feed in feeds.order_by("outlet__slug", "pk")]
    rows += [
        StatusRow(outlet.slug, f"no feed yet: `depeches sources add {outlet.home_url}`")
        for outlet in Outlet.objects.filter(feeds__isnull=True).order_by("slug")
    ]
    return sorted(rows, key=lambda row: row.outlet)


def feed_row(feed: Feed, now: datetime) -> StatusRow:
    paused = not (feed.active and feed.outlet.active)
    return StatusRow(
        outlet=feed.outlet.slug,
        feed=feed.url + (" (paused)" if paused else ""),
        last_success=shown(feed.last_success_at),
        http_status=str(feed.last_status or "-"),
        errors=f"{feed.error_streak} {feed.last_error_code}".strip() if feed.error_streak else "0",
        recent=str(feed.recent),
        next_check="paused" if paused else next_check(feed.next_check_at, now),
        failing=feed.error_streak > 0,
    )


def next_check(moment: datetime, now: datetime) -> str:
    return "due" if moment <= now else shown(moment)


def shown(moment: datetime | None) -> str:
    return timezone.localtime(moment, SHOWN_IN).strftime("%Y-%m-%d %H:%M") if moment else "-"


def render_status(rows: list[StatusRow], width: int) -> str:
    table = Table(
        "outlet",
        "feed",
        "last success",
        "HTTP",
        "errors",
        "24 h",
        "next check",
        caption="times in Africa/Casablanca; 24 h: articles taken in over the last 24 hours",
    )
    previous = None
    for row in rows:
        cells = [
            row.outlet if row.outlet != previous else "",
            row.feed,
            row.last_success,
            row.http_status,
            row.errors,
            row.recent,
            row.next_check,
        ]
        # Text, not markup: a URL may hold brackets.
        table.add_row(*(Text(cell) for cell in cells))
        previous = row.outlet
    console = Console(width=width, color_system=None, highlight=False)
    with console.capture() as captured:
        console.print(table)
        console.print(Text(summary_line(rows)))
    return captured.get()


def summary_line(rows: list[StatusRow]) -> str:
    outlets = len({row.outlet for row in rows})
    without = sum(row.feed.startswith("no feed yet") for row in rows)
    failing = sum(row.failing for row in rows)
    feeds = len(rows) - without
    return f"{outlets} outlets, {feeds} feeds ({failing} failing), {without} outlets without a feed"
