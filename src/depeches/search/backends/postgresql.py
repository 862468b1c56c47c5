"""PostgreSQL full text: the tsvector `vector` of search_document (migration 0003).

Terms arrive normalised by search.normalize; each document's vector is then made with its
language's configuration (`arabic`, or `depeches_french`: French with unaccent), weighted
title A, lead B, body C. A query term is looked up in both configurations' forms, so that it
finds its word in articles of either language. The title's terms are in the vector a second
time, as they are and marked (TITLE_MARK, positions of their own), so that a term looked for
in titles only is one entry of the GIN index: the weight A of a word's lexeme is only known
once each matching vector is read, which for a common word is most of the table.

Newest first is the primary key's order (keys are publication-ordered), a date filter a key
range; the planner chooses between the GIN index on the vector and the key's btree by how
common the terms are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.db import connection, transaction

from depeches.search.backends.base import DocumentRow, Match, Newest, Search
from depeches.search.keys import first_key_at
from depeches.search.query import Term

CONFIGURATIONS = ("depeches_french", "arabic")
# ts_rank's weights of D, C, B and A: body, lead, title (D is unused).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Starts the lexemes of the title's terms: the default parser keeps a digit and the letters
# after it as one word, which no normalised term of a text begins with (terms are words, and
# a word of digits and letters is indexed by its configuration's rules, not marked).
TITLE_MARK = "0"
# A lexeme in a tsquery's text: quoted, its own quotes doubled.
LEXEME = re.compile(r"'(?:[^']|'')*'")
# ts_rank's title weight already spreads articles about the query far above the others.
FRESHNESS_WEIGHT = 1.0
# Walking the key's index newest first reads the vector of every document it passes (the
# `@@` test detoasts it): chosen when the terms' estimated pace has it pass this many at most.
WALK_ROWS = 3_000
# Otherwise the GIN index is read with a key range, their bitmaps ANDed so that only the
# range's matches are read from the table: the newest share of the span expected to hold
# WINDOW_MARGIN times the matches wanted (by the planner's estimate, then by the pace of
# those found), never more than FIRST_WINDOW at first (the planner gives every term outside
# its most common ones the same estimate, for a word of 200 documents as of 20,000), widened
# at most WIDEN times at a step until it holds enough.
WINDOW_MARGIN = 2
FIRST_WINDOW = 1 / 32
WIDEN = 8
# Beyond this share of the span, the GIN index's bitmap is read whole: the key range's own
# bitmap (a few hundredths of a microsecond a document) would save less than it costs. Not
# so for a phrase, whose every document with its words is read to check their positions.
WIDEST_WINDOW = 1 / 8
WIDEST_PHRASE_WINDOW = 1 / 2
# A count is not made when the newest candidates, at their pace over the searched span, would
# be COUNT_MARGIN times the cap: the page says "more than" the cap.
COUNT_MARGIN = 1.5
# Matches read to find that pace when the candidates were not (a page sorted by date).
COUNT_SAMPLE = 300


def configuration(language: str) -> str:
    return "arabic" if language == "ar" else "depeches_french"


def tsquery_sql(search: Search) -> tuple[str, list[str]]:
    """An SQL expression building the search's tsquery, with its parameters."""
    sql, params = [], []
    for clause in search.clauses:
        alternatives = []
        for term in clause.alternatives:
            alternatives.append(_term_sql(term))
            params.extend(_term_params(term))
        sql.append("(" + " || ".join(alternatives) + ")")
    for term in search.excluded:
        sql.append(f"!!{_term_sql(term)}")
        params.extend(_term_params(term))
    return " && ".join(sql), params


def _term_sql(term: Term) -> str:
    if term.in_title:
        return "%s::tsquery"
    return "(" + " || ".join(f"to_tsquery('{name}', %s)" for name in CONFIGURATIONS) + ")"


def _term_params(term: Term) -> list[str]:
    if term.in_title:
        # The marked lexemes exactly as indexed: no configuration to go through.
        return [" <-> ".join(f"'{TITLE_MARK}{word}'" for word in term.terms)]
    return [" <-> ".join(term.terms)] * len(CONFIGURATIONS)


def title_lexemes(terms: str) -> str:
    """The title's terms as the marked words the vector holds them as a second time."""
    return " ".join(TITLE_MARK + term for term in terms.split())


def unknown_terms(query: str) -> str:
    """The tsquery with each of its lexemes replaced by one no document has (the same for
    the same lexeme), so that the planner estimates it as it estimates unknown terms."""
    names: dict[str, str] = {}

    def unknown(lexeme: re.Match) -> str:
        return names.setdefault(lexeme[0], f"'{TITLE_MARK}{TITLE_MARK}unknown{len(names)}'")

    return LEXEME.sub(unknown, query)


@dataclass(frozen=True)
class Where:
    """A search's conditions: the `@@` test, the filters, the key range (keys.first_key_at)."""

    text: str = ""
    text_params: list = field(default_factory=list)
    filters: tuple[str, ...] = ()
    filter_params: list = field(default_factory=list)
    since_key: int | None = None
    until_key: int | None = None

    @property
    def sql(self) -> str:
        return " AND ".join(self._conditions()[0]) or "TRUE"

    @property
    def params(self) -> list:
        return self._conditions()[1]

    def _conditions(self) -> tuple[list[str], list]:
        conditions, params = [], []
        if self.text:
            conditions.append(self.text)
            params.extend(self.text_params)
        conditions.extend(self.filters)
        params.extend(self.filter_params)
        if self.since_key is not None:
            conditions.append("key >= %s")
            params.append(self.since_key)
        if self.until_key is not None:
            conditions.append("key < %s")
            params.append(self.until_key)
        return conditions, params

    def with_text_unseen(self) -> Where:
        """The same conditions with the tsquery out of the planner's sight (a subquery's
        result), which it then estimates at its default share of the rows."""
        return replace(self, text=UNSEEN_TEXT)

    def without_keys(self) -> Where:
        return replace(self, since_key=None, until_key=None)

    def text_only(self) -> Where:
        return Where(self.text, self.text_params)

    def filters_only(self) -> Where:
        return Where(filters=self.filters, filter_params=self.filter_params)


# The `@@` test with its tsquery a subquery's result: see PostgresBackend._planned_window.
UNSEEN_TEXT = "vector @@ (SELECT %s::tsquery)"

PLANS = (
    "SELECT set_config('enable_seqscan', '{setting}', true),"
    " set_config('enable_indexscan', '{setting}', true)"
)


@contextmanager
def bitmap_scans_only() -> Iterator:
    """A cursor whose statements use bitmap scans only (the GIN index, key ranges), never
    the key's index read in order nor the whole table, which would read every vector."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PLANS.format(setting="off"))
        yield cursor
        # Within an outer transaction, the settings would outlive this block (after an
        # error, rolling back to its savepoint undoes them).
        cursor.execute(PLANS.format(setting="on"))


class PostgresBackend:
    freshness_weight = FRESHNESS_WEIGHT
    # Every match counted is a row read from the table (the GIN index holds no keys), a few
    # microseconds each: 10,000 would cost more than the page.
    count_cap = 1_000

    def __init__(self) -> None:
        self._estimates: dict[tuple[str, str], float] = {}
        self._bounds: tuple[int, int] | None = None
        self._tsqueries: dict[Search, str] = {}

    def newest(self, search: Search, *, limit: int, offset: int = 0) -> list[Match]:
        where, _ = self._where(search)
        if where is None:
            return []
        found = self._newest(where, limit, offset)
        return [Match(key, article_id) for key, article_id in found]

    def candidates(self, search: Search, *, limit: int) -> list[int]:
        # Exclusions are left to relevance(), which reads the candidates' vectors anyway:
        # through the GIN index, a NOT (or a phrase) would have every vector it finds read.
        where, query = self._where(replace(search, excluded=()))
        if where is None or query is None:
            return []
        return [key for key, _ in self._newest(where, limit)]

    def _newest(self, where: Where, limit: int, offset: int = 0) -> list[tuple]:
        """(key, article id) of the newest matches: walking the key's index when the terms
        are common enough, otherwise through the GIN index, newest key ranges first."""
        wanted = limit + offset
        if not where.text or self._walk_is_short(where, wanted):
            sql = (
                f"SELECT key, article_id FROM search_document WHERE {where.sql}"
                " ORDER BY key DESC LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*where.params, limit, offset])
                return cursor.fetchall()
        return self._newest_in_windows(where, wanted)[offset:]

    def _walk_is_short(self, where: Where, wanted: int) -> bool:
        """Whether walking the key's index would pass at most WALK_ROWS documents before
        `wanted` match, by the planner's estimates (from the lexemes' frequencies ANALYZE
        keeps). The outlet's and rubrique's indexes walk only their own documents. Never
        when the planner knows no more of the terms than that they are not among the most
        common: it estimates a word of 200 documents as one of 20,000, and a walk for it
        would read every vector."""
        matching = self._estimate(where.without_keys())
        unknown = replace(where, text_params=[unknown_terms(where.text_params[0])])
        if matching <= self._estimate(unknown.without_keys()):
            return False
        walkable = self._estimate(where.filters_only()) if where.filters else self._documents()
        return wanted * walkable / max(matching, 1.0) <= WALK_ROWS

    def _newest_in_windows(self, where: Where, wanted: int) -> list[tuple]:
        newest, oldest = self._key_span(where)
        everything_newest, everything_oldest = self._key_span(where.text_only())
        share = (newest - oldest) / max(1, everything_newest - everything_oldest)
        estimate = self._estimate(where.without_keys())
        fraction = min(FIRST_WINDOW, WINDOW_MARGIN * wanted / max(estimate * share, 1.0))
        phrase = "<->" in where.text_params[0]
        widest = WIDEST_PHRASE_WINDOW if phrase else WIDEST_WINDOW
        # Each wider window reads only the keys below the last one's: a phrase's vectors,
        # read to check its words' positions, are read once.
        found: list[tuple] = []
        until_key = where.until_key
        while True:
            window = replace(where, until_key=until_key)
            last = fraction > widest
            if not last:
                window = replace(window, since_key=newest - int(fraction * (newest - oldest)))
            planned = self._planned_window(window)
            sql = (
                f"SELECT key, article_id FROM search_document WHERE {planned.sql}"
                " ORDER BY key DESC LIMIT %s"
            )
            with bitmap_scans_only() as cursor:
                cursor.execute(sql, [*planned.params, wanted - len(found)])
                found += cursor.fetchall()
            if len(found) >= wanted or last:
                return found
            until_key = window.since_key
            fraction *= min(WIDEN, max(2.0, WINDOW_MARGIN * wanted / max(len(found), 1)))

    def _planned_window(self, window: Where) -> Where:
        """The window's conditions as the planner should see them to AND the GIN index's
        bitmap with the key range's (or the outlet's, the rubrique's). It multiplies the
        frequencies of the terms it knows (several words, a phrase's: a few rows for
        thousands of matches) and, expecting so few, leaves the key range to a filter
        applied after each match's vector has been read and, for a phrase, checked: every
        document with the words, over the whole span. Its default share of the rows, for a
        tsquery it cannot see, is used instead when that is the larger estimate."""
        unseen = window.with_text_unseen()
        if self._estimate(window.without_keys()) >= self._estimate(unseen.without_keys()):
            return window
        return unseen

    def _estimate(self, where: Where) -> float:
        # One page asks the same estimates several times (candidates, title candidates,
        # count): each is asked once of a backend, which lives as long as one search.
        asked = (where.sql, repr(where.params))
        if asked not in self._estimates:
            self._estimates[asked] = self._planner_rows(where)
        return self._estimates[asked]

    def _planner_rows(self, where: Where) -> float:
        with connection.cursor() as cursor:
            explain = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE {where.sql}"
            cursor.execute(explain, where.params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"]

    def _documents(self) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_document'")
            return max(cursor.fetchone()[0], 1.0)

    def relevance(self, search: Search, keys: list[int]) -> dict[int, float]:
        """ts_rank of the candidates that match the whole search, exclusions included."""
        query = self._tsquery(search) if keys and search.has_terms else ""
        if not query:
            return {}
        # The match is tested on the rows the keys find, not in the WHERE clause: there, a
        # query the planner expects to be rare (a phrase, several words) would be looked up
        # in the GIN index, and every document with its words read and checked.
        sql = (
            f"SELECT key, ts_rank('{RANK_WEIGHTS}', vector, %s::tsquery),"
            " vector @@ %s::tsquery FROM search_document WHERE key = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, query, keys])
            return {key: rank for key, rank, matches in cursor.fetchall() if matches}

    def count(self, search: Search, *, cap: int, newest: Newest | None = None) -> int:
        where, _ = self._where(search)
        if where is None:
            return 0
        if newest is None and where.text:
            # (A page sorted by date: the newest matches are read here, a few first.)
            found = [key for key, _ in self._newest(where, COUNT_SAMPLE)]
            newest = Newest(found, found[-1] if found else 0, len(found) < COUNT_SAMPLE)
        if newest is not None:
            if newest.complete:
                return min(len(newest.keys), cap)
            if where.text and self._pace(where, newest) >= COUNT_MARGIN * cap:
                return cap
        if newest is None:
            # The newest `cap` matches, found the cheapest way (their keys only).
            return len(self._newest(where, cap))
        # Those older than the newest matches, which are known.
        known = len(newest.keys)
        if known >= cap:
            return cap
        return known + len(self._newest(replace(where, until_key=newest.oldest), cap - known))

    def _pace(self, where: Where, newest: Newest) -> float:
        """How many documents would match over the searched span, at the pace of the newest
        matches."""
        last, first = self._key_span(where)
        covered = (last - newest.oldest + 1) / max(1, last - first)
        return len(newest.keys) / max(covered, 1e-9)

    def _key_span(self, where: Where) -> tuple[int, int]:
        """The keys a search spans: the index's newest and oldest, within its key range."""
        if self._bounds is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT max(key) FROM search_document")
                newest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT min(key) FROM search_document")
                self._bounds = (newest, cursor.fetchone()[0] or 0)
        newest, oldest = self._bounds
        if where.until_key is not None:
            newest = min(newest, where.until_key)
        if where.since_key is not None:
            oldest = max(oldest, where.since_key)
        return newest, oldest

    def _where(self, search: Search) -> tuple[Where | None, str | None]:
        """The search's conditions, and its tsquery as text (None: no terms). Conditions of
        None: nothing can match (every term was a stopword)."""
        text, text_params, query = "", [], None
        if search.has_terms:
            query = self._tsquery(search)
            if not query:
                return None, None
            # The tsquery as a constant, so that the planner sees how common its terms are.
            text, text_params = "vector @@ %s::tsquery", [query]
        filters, params = [], []
        if search.outlet_ids:
            filters.append("outlet_id = ANY(%s)")
            params.append(list(search.outlet_ids))
        if search.rubrique_ids:
            filters.append("rubrique_id = ANY(%s)")
            params.append(list(search.rubrique_ids))
        if search.language:
            filters.append("language = %s")
            params.append(search.language)
        where = Where(
            text=text,
            text_params=text_params,
            filters=tuple(filters),
            filter_params=params,
            since_key=None if search.since is None else first_key_at(search.since),
            until_key=None if search.until is None else first_key_at(search.until),
        )
        return where, query

    def _tsquery(self, search: Search) -> str:
        if search not in self._tsqueries:
            expression, params = tsquery_sql(search)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ({expression})::text", params)
                self._tsqueries[search] = cursor.fetchone()[0]
        return self._tsqueries[search]

    def write(self, rows: list[DocumentRow]) -> None:
        if not rows:
            return
        vector = " || ".join(
            f"setweight(to_tsvector({configuration}, {column}), '{weight}')"
            for configuration, column, weight in (
                ("c::regconfig", "t", "A"),
                ("c::regconfig", "d", "B"),
                ("c::regconfig", "b", "C"),
                ("'simple'", "m", "A"),
            )
        )
        sql = (
            "INSERT INTO search_document"
            " (key, article_id, outlet_id, rubrique_id, language, title, lead, body, tags, vector)"
            f" SELECT k, a, o, r, l, '', '', '', '', {vector}"
            " FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])"
            " AS u(k, a, o, r, l, c, t, d, b, m)"
        )
        columns = [
            [row.key for row in rows],
            [row.article_id for row in rows],
            [row.outlet_id for row in rows],
            [row.rubrique_id for row in rows],
            [row.language for row in rows],
            [configuration(row.language) for row in rows],
            [row.title for row in rows],
            [row.lead for row in rows],
            [row.body for row in rows],
            [title_lexemes(row.title) for row in rows],
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, columns)

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_document')")
            return cursor.fetchone()[0]

    def compact(self) -> None:
        # VACUUM cannot run inside a transaction; the statistics the planner needs can.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{statement} search_document")
