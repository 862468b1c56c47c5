"""A reader's search from its query and filters to a page of ranked articles.

Ranking is text relevance (bm25 on SQLite, ts_rank on PostgreSQL) times freshness, over the
newest CANDIDATES matches plus the newest CANDIDATES title matches: a common word in years
of articles is ranked among its recent uses and the articles that carry it in their title,
so a query costs the same at a thousand articles as at a million. Relevance is computed for
those candidates only (never with statistics gathered over every match).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from depeches.articles.models import Article, Rubrique
from depeches.search.backends import backend
from depeches.search.backends.base import Backend, Match, Newest, Search
from depeches.search.keys import KEY_BITS
from depeches.search.models import Document
from depeches.search.query import ParsedQuery, parse_query

# Fifteen pages of newest matches, and as many of title matches, are ranked.
CANDIDATES = 300
# Counting stops at the backend's cap (Backend.count_cap): the page says "more than" it.
# Freshness halves a match's score after this many days, and keeps falling slowly after.
FRESHNESS_DAYS = 365
LOCAL = ZoneInfo("Africa/Casablanca")


class Sort:
    RELEVANCE = "relevance"
    DATE = "date"


class Period:
    TODAY = "today"
    WEEK = "7d"
    MONTH = "30d"


@dataclass
class Filters:
    """The page's filters (form fields), added to those written in the query."""

    outlet: str = ""
    rubrique: str = ""
    language: str = ""
    period: str = ""
    start: date | None = None  # included
    end: date | None = None  # included


@dataclass
class Outcome:
    parsed: ParsedQuery
    search: Search | None
    results: Sequence[Match]
    total: int
    unknown_outlets: list[str] = field(default_factory=list)
    unknown_rubriques: list[str] = field(default_factory=list)
    # Where the backend stopped counting.
    cap: int = 10_000

    @property
    def total_is_capped(self) -> bool:
        return self.total >= self.cap


def run_search(
    text: str, filters: Filters, sort: str = Sort.RELEVANCE, now: datetime | None = None
) -> Outcome:
    now = now or timezone.now()
    parsed = parse_query(text)
    search, unknown_outlets, unknown_rubriques = resolve(parsed, filters, now)
    if not search.has_terms and not parsed.has_filters and not _form_filters(filters):
        return Outcome(parsed, None, [], 0, unknown_outlets, unknown_rubriques)
    found = backend()
    if sort == Sort.DATE or not search.has_terms:
        total = found.count(search, cap=found.count_cap)
        results: Sequence[Match] = NewestFirst(search, total)
    else:
        results, newest = ranked(search, now, found)
        # The newest matches, just found, spare the backend finding them again to count.
        total = found.count(search, cap=found.count_cap, newest=newest)
    return Outcome(
        parsed, search, results, total, unknown_outlets, unknown_rubriques, found.count_cap
    )


def _form_filters(filters: Filters) -> bool:
    return bool(
        filters.outlet
        or filters.rubrique
        or filters.language
        or filters.period
        or filters.start
        or filters.end
    )


def resolve(
    parsed: ParsedQuery, filters: Filters, now: datetime
) -> tuple[Search, list[str], list[str]]:
    """The backend's search: outlet and rubrique slugs made ids, days made moments."""
    from depeches.sources.models import Outlet

    outlet_slugs = set(parsed.outlets) | ({filters.outlet} if filters.outlet else set())
    rubrique_slugs = set(parsed.rubriques) | ({filters.rubrique} if filters.rubrique else set())
    outlets = dict(Outlet.objects.filter(slug__in=outlet_slugs).values_list("slug", "pk"))
    rubriques = dict(Rubrique.objects.filter(slug__in=rubrique_slugs).values_list("slug", "pk"))
    since, until = time_range(parsed, filters, now)
    search = Search(
        clauses=tuple(parsed.clauses),
        excluded=tuple(parsed.excluded),
        # An unknown outlet or rubrique matches nothing rather than everything.
        outlet_ids=tuple(outlets.values()) or ((0,) if outlet_slugs else ()),
        rubrique_ids=tuple(rubriques.values()) or ((0,) if rubrique_slugs else ()),
        language=filters.language or parsed.language,
        since=since,
        until=until,
    )
    return (
        search,
        sorted(outlet_slugs - outlets.keys()),
        sorted(rubrique_slugs - rubriques.keys()),
    )


def time_range(
    parsed: ParsedQuery, filters: Filters, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """The moments a search covers, [since, until), from the query's and the form's dates."""
    today = now.astimezone(LOCAL).date()
    starts, ends = [], []
    if filters.period == Period.TODAY:
        starts.append(local_midnight(today))
    elif filters.period == Period.WEEK:
        starts.append(now - timedelta(days=7))
    elif filters.period == Period.MONTH:
        starts.append(now - timedelta(days=30))
    if filters.start:
        starts.append(local_midnight(filters.start))
    if filters.end:
        ends.append(local_midnight(filters.end + timedelta(days=1)))
    if parsed.after:
        starts.append(local_midnight(parsed.after))
    if parsed.before:
        ends.append(local_midnight(parsed.before))
    return (max(starts) if starts else None, min(ends) if ends else None)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL)


def freshness(published_second: float, now_second: float) -> float:
    age_days = max(0.0, (now_second - published_second) / 86400)
    return 1 / (1 + age_days / FRESHNESS_DAYS)


def ranked(search: Search, now: datetime, found: Backend) -> tuple[Ranked, Newest]:
    """The candidates, best first: relevance times freshness (to the backend's weight); and
    the newest matches among them."""
    newest = found.candidates(search, limit=CANDIDATES)
    keys = list(newest)
    if len(keys) == CANDIDATES:
        # More matches than candidates: add the articles with the terms in their title.
        keys += set(found.candidates(search.in_titles(), limit=CANDIDATES)) - set(keys)
    relevance = found.relevance(search, keys)
    weight, now_second = found.freshness_weight, now.timestamp()
    scores = {
        key: value * freshness(key >> KEY_BITS, now_second) ** weight
        for key, value in relevance.items()
    }
    matching = Newest(
        keys=[key for key in newest if key in relevance],
        oldest=newest[-1] if newest else 0,
        complete=len(newest) < CANDIDATES,
    )
    return Ranked(sorted(scores, key=lambda key: (-scores[key], -key))), matching


class Ranked(Sequence):
    """Ranked keys; a slice of them is read as matches, with their articles."""

    def __init__(self, keys: list[int]):
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            keys = self.keys[index]
            article_ids = dict(
                Document.objects.filter(key__in=keys).values_list("key", "article_id")
            )
            return [Match(key, article_ids[key]) for key in keys if key in article_ids]
        return self[index : index + 1][0]


class NewestFirst(Sequence):
    """Matches newest first, read from the backend one page at a time."""

    def __init__(self, search: Search, total: int):
        self.search = search
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.total)
            if stop <= start:
                return []
            return backend().newest(self.search, limit=stop - start, offset=start)
        return self[index : index + 1][0]


def articles_of(matches: Sequence[Match]) -> list[Article]:
    """The matched articles, in the matches' order, with what the result list shows."""
    # Not their HTML: results show the plain text.
    by_id = (
        Article.objects.select_related("outlet", "rubrique")
        .defer("html")
        .in_bulk([match.article_id for match in matches])
    )
    return [by_id[match.article_id] for match in matches if match.article_id in by_id]
