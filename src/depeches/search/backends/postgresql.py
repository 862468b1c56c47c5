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
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from depeches.search.backends.base import DocumentRow, Match, Search
from depeches.search.keys import first_key_at
from depeches.search.query import Term

CONFIGURATIONS = ("depeches_french", "arabic")
# ts_rank's weights of D, C, B and A: body, lead, title (D is unused).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Starts the lexemes of the title's terms: the default parser keeps a digit and the letters
# after it as one word, which no normalised term of a text begins with (terms are words, and
# a word of digits and letters is indexed by its configuration's rules, not marked).
TITLE_MARK = "0"
# ts_rank's title weight already spreads articles about the query far above the others.
FRESHNESS_WEIGHT = 1.0
# Each vector the `@@` test reads is detoasted (microseconds): newest matches are read from
# the key's index, newest first, only if the planner expects to read this many at most.
WALK_VECTORS = 5_000
# A count is not made when its newest COUNT_SAMPLE matches, at their pace over the searched
# span, would be COUNT_MARGIN times the cap: the page says "more than" the cap.
COUNT_SAMPLE = 300
COUNT_MARGIN = 3


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


@contextmanager
def bitmap_scans_only() -> Iterator:
    """A cursor whose statements use bitmap scans only (the GIN index, key ranges), never
    the key's index read in order nor the whole table, which would read every vector."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        cursor.execute("SELECT set_config('enable_indexscan', 'off', true)")
        try:
            yield cursor
        finally:
            # Within an outer transaction, the settings would outlive this block.
            cursor.execute("SELECT set_config('enable_seqscan', 'on', true)")
            cursor.execute("SELECT set_config('enable_indexscan', 'on', true)")


class PostgresBackend:
    freshness_weight = FRESHNESS_WEIGHT

    def newest(self, search: Search, *, limit: int, offset: int = 0) -> list[Match]:
        where, params, _ = self._where(search)
        if where is None:
            return []
        found = self._newest(where, params, limit, offset)
        return [Match(key, article_id) for key, article_id in found]

    def candidates(self, search: Search, *, limit: int) -> list[int]:
        where, params, query = self._where(search)
        if where is None or query is None:
            return []
        return [key for key, _ in self._newest(where, params, limit)]

    def _newest(self, where: str, params: list, limit: int, offset: int = 0) -> list[tuple]:
        """(key, article id) of the newest matches, through the plan their frequency calls
        for: the key's index, newest first, when matches are common enough that few vectors
        are read before `limit + offset` of them; otherwise the GIN index, then a sort."""
        sql = (
            f"SELECT key, article_id FROM search_document WHERE {where}"
            " ORDER BY key DESC LIMIT %s OFFSET %s"
        )
        arguments = [*params, limit, offset]
        if self._walk_is_cheap(where, params, limit + offset):
            with connection.cursor() as cursor:
                cursor.execute(sql, arguments)
                return cursor.fetchall()
        with bitmap_scans_only() as cursor:
            cursor.execute(sql, arguments)
            return cursor.fetchall()

    def _walk_is_cheap(self, where: str, params: list, wanted: int) -> bool:
        """Whether walking the key's index reads at most WALK_VECTORS vectors, by the
        planner's estimate of how many documents match."""
        if where == "TRUE":
            return True
        matching, documents = self._estimate(where, params)
        return wanted * documents <= WALK_VECTORS * max(matching, 1)

    def _estimate(self, where: str, params: list) -> tuple[float, float]:
        """The planner's estimate of the matching documents (from the lexemes' frequencies
        ANALYZE keeps), and of all documents."""
        with connection.cursor() as cursor:
            explain = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE {where}"
            cursor.execute(explain, params)
            plan = cursor.fetchone()[0]
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_document'")
            documents = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"], max(documents, 1.0)

    def relevance(self, search: Search, keys: list[int]) -> dict[int, float]:
        query = self._tsquery(search) if keys and search.has_terms else ""
        if not query:
            return {}
        sql = (
            f"SELECT key, ts_rank('{RANK_WEIGHTS}', vector, %s::tsquery) FROM search_document"
            " WHERE key = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, keys])
            return dict(cursor.fetchall())

    def count(self, search: Search, *, cap: int) -> int:
        where, params, _ = self._where(search)
        if where is None:
            return 0
        if self._walk_is_cheap(where, params, COUNT_SAMPLE) and self._surely_beyond(
            search, where, params, cap
        ):
            return cap
        # Counted through the GIN index: reading the key's index would read vectors.
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_document WHERE {where} LIMIT %s) m"
        with bitmap_scans_only() as cursor:
            cursor.execute(sql, [*params, cap])
            return cursor.fetchone()[0]

    def _surely_beyond(self, search: Search, where: str, params: list, cap: int) -> bool:
        """Whether the newest COUNT_SAMPLE matches are so close together that, at that pace
        over the search's time span, there would be several times `cap` of them."""
        found = self._newest(where, params, COUNT_SAMPLE)
        if len(found) < COUNT_SAMPLE:
            return False
        newest, oldest = self._key_span(search)
        covered = (newest - found[-1][0] + 1) / max(1, newest - oldest)
        return COUNT_SAMPLE / max(covered, 1e-9) >= COUNT_MARGIN * cap

    def _key_span(self, search: Search) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(key) FROM search_document")
            newest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT min(key) FROM search_document")
            oldest = cursor.fetchone()[0] or 0
        if search.until is not None:
            newest = min(newest, first_key_at(search.until))
        if search.since is not None:
            oldest = max(oldest, first_key_at(search.since))
        return newest, oldest

    def _where(self, search: Search) -> tuple[str | None, list, str | None]:
        """The WHERE clause and its parameters, and the tsquery as text (None: no terms).
        A WHERE clause of None: nothing can match (every term was a stopword)."""
        conditions, params, query = [], [], None
        if search.has_terms:
            query = self._tsquery(search)
            if not query:
                return None, [], None
            # The tsquery as a constant, so that the planner sees how common its terms are.
            conditions.append("vector @@ %s::tsquery")
            params.append(query)
        if search.outlet_ids:
            conditions.append("outlet_id = ANY(%s)")
            params.append(list(search.outlet_ids))
        if search.rubrique_ids:
            conditions.append("rubrique_id = ANY(%s)")
            params.append(list(search.rubrique_ids))
        if search.language:
            conditions.append("language = %s")
            params.append(search.language)
        if search.since is not None:
            conditions.append("key >= %s")
            params.append(first_key_at(search.since))
        if search.until is not None:
            conditions.append("key < %s")
            params.append(first_key_at(search.until))
        return " AND ".join(conditions) or "TRUE", params, query

    def _tsquery(self, search: Search) -> str:
        expression, params = tsquery_sql(search)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ({expression})::text", params)
            return cursor.fetchone()[0]

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
