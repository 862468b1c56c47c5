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

from django.db import connection

from depeches.search.backends.base import Candidate, DocumentRow, Match, Search
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


def _titles_only(search: Search) -> bool:
    return all(term.in_title for clause in search.clauses for term in clause.alternatives)


class PostgresBackend:
    freshness_weight = FRESHNESS_WEIGHT

    def newest(self, search: Search, *, limit: int, offset: int = 0) -> list[Match]:
        where, params, _ = self._where(search)
        if where is None:
            return []
        sql = (
            f"SELECT key, article_id FROM search_document"
            f" WHERE {where} ORDER BY key DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [Match(key, article_id) for key, article_id in cursor.fetchall()]

    def candidates(self, search: Search, *, limit: int) -> list[Candidate]:
        where, params, query = self._where(search)
        if where is None or query is None:
            return []
        # Terms looked for in titles only are rare: found through the GIN index (key + 0
        # keeps the planner from walking the key's index and reading every vector on the
        # way). Then only the newest are read again, to be ranked.
        order = "key + 0" if _titles_only(search) else "key"
        sql = (
            f"SELECT key, ts_rank('{RANK_WEIGHTS}', vector, %s::tsquery) FROM search_document"
            " WHERE key IN ("
            f"SELECT key FROM search_document WHERE {where} ORDER BY {order} DESC LIMIT %s"
            ") ORDER BY key DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, *params, limit])
            return [Candidate(key, relevance) for key, relevance in cursor.fetchall()]

    def count(self, search: Search, *, cap: int) -> int:
        where, params, _ = self._where(search)
        if where is None:
            return 0
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_document WHERE {where} LIMIT %s) m"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, cap])
            return cursor.fetchone()[0]

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
