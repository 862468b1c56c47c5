"""What every search backend is given and gives back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from depeches.search.query import Clause, Term


@dataclass(frozen=True)
class Search:
    """A query as backends run it: terms, and filters already resolved to ids and times."""

    clauses: tuple[Clause, ...] = ()
    excluded: tuple[Term, ...] = ()
    outlet_ids: tuple[int, ...] = ()
    rubrique_ids: tuple[int, ...] = ()
    language: str = ""
    since: datetime | None = None  # included
    until: datetime | None = None  # excluded

    @property
    def has_terms(self) -> bool:
        return bool(self.clauses)

    def in_titles(self) -> Search:
        """The same search with every term looked for in titles only."""
        clauses = tuple(
            Clause(tuple(replace(term, in_title=True) for term in clause.alternatives))
            for clause in self.clauses
        )
        return replace(self, clauses=clauses)


@dataclass(frozen=True)
class Match:
    key: int
    article_id: int


@dataclass(frozen=True)
class Newest:
    """The newest matches a search's ranking found, newest first: every match with a key of
    `oldest` or more (all of them if `complete`)."""

    keys: list[int]
    oldest: int
    complete: bool


@dataclass(frozen=True)
class DocumentRow:
    """One article as indexed: its normalised terms (space-separated) and its filters."""

    key: int
    article_id: int
    outlet_id: int
    rubrique_id: int | None
    language: str
    title: str
    lead: str
    body: str


class Backend(Protocol):
    # How much freshness weighs against this backend's relevance: its score is multiplied
    # by freshness to this power (bm25 and ts_rank spread their scores differently).
    freshness_weight: float
    # Counting stops here: beyond, the page says "more than" it.
    count_cap: int

    def newest(self, search: Search, *, limit: int, offset: int = 0) -> list[Match]:
        """Matches with their articles, newest first."""

    def candidates(self, search: Search, *, limit: int) -> list[int]:
        """The keys of the newest `limit` matches (no articles: most are not shown)."""

    def relevance(self, search: Search, keys: list[int]) -> dict[int, float]:
        """The text relevance of these matches to the search (bm25, ts_rank): higher is
        better. Computed from the matches alone, never from a pass over every match. Keys
        that do not match the whole search (candidates may be found without its
        exclusions) are left out."""

    def count(self, search: Search, *, cap: int, newest: Newest | None = None) -> int:
        """How many articles match, counting no further than `cap`. `newest`: what
        candidates() gave for this search, if it was asked."""

    def write(self, rows: list[DocumentRow]) -> None:
        """Add documents (their articles' earlier documents are already removed)."""

    def size_bytes(self) -> int:
        """Bytes the index takes on disk (documents and index)."""

    def compact(self) -> None:
        """Tidy the index after a rebuild."""
