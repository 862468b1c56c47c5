"""SQLite FTS5: `search_fts` over `search_document` (migration 0002).

Keys are publication-ordered rowids, so FTS5 streams matches newest first (ORDER BY rowid
DESC needs no sort) and a date filter is a rowid range it seeks to: neither ever walks every
match. Outlet, rubrique and language are tokens of the `tags` column, intersected with the
words like any other term (streamed too: a token of half the documents costs nothing more).

Candidates are not ranked with FTS5's bm25(), which counts every row matching each phrase of
the query (a common word, an exclusion, a filter token: hundreds of thousands of rows at a
million articles) for its IDF. They are scored in search.bm25 from their own terms, with each
phrase's document frequency estimated from its DF_SAMPLE newest matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from depeches.search import bm25
from depeches.search.backends.base import DocumentRow, Match, Newest, Search
from depeches.search.keys import first_key_at
from depeches.search.models import Document
from depeches.search.query import Term

# bm25 weights of title, lead and body (tags weigh nothing): a word of the title weighs as
# much as thirty of the text, close to ts_rank's 1.0 against 0.1 on PostgreSQL.
COLUMN_WEIGHTS = (30.0, 4.0, 1.0)
# A phrase's document frequency is counted up to this many matches, newest first; beyond, it
# is extrapolated from the time they span (all such phrases are common: their IDF is small).
DF_SAMPLE = 1000
# FTS5 keeps the number of rows and of tokens per column in this row of its data table.
AVERAGES_ROW = 1
# bm25 saturates (an article about the query scores perhaps twice one that mentions it in
# passing), while freshness falls to a half in a year and a sixth in five: multiplied as
# they are, the date would decide. Freshness counts as its fourth root instead, which brought
# the judged queries' precision@10 from 0.76 to 0.91 (tests/search/test_quality.py).
FRESHNESS_WEIGHT = 0.25
TEXT_COLUMNS = "{title lead body}"
# A tag every document has: a search with filters but no words matches it.
EVERY_DOCUMENT = "all"


def document_tags(outlet_id: int, rubrique_id: int | None, language: str) -> str:
    tags = [EVERY_DOCUMENT, f"o{outlet_id}", f"l{language or 'none'}"]
    if rubrique_id is not None:
        tags.append(f"r{rubrique_id}")
    return " ".join(tags)


def match_expression(search: Search) -> str:
    """The FTS5 MATCH expression of a search (terms are letters and digits only)."""
    parts = [
        "(" + " OR ".join(_phrase(term) for term in clause.alternatives) + ")"
        for clause in search.clauses
    ]
    if search.outlet_ids:
        parts.append("(" + " OR ".join(f'tags : "o{i}"' for i in search.outlet_ids) + ")")
    if search.rubrique_ids:
        parts.append("(" + " OR ".join(f'tags : "r{i}"' for i in search.rubrique_ids) + ")")
    if search.language:
        parts.append(f'tags : "l{search.language}"')
    if not parts:
        parts.append(f'tags : "{EVERY_DOCUMENT}"')
    expression = " AND ".join(parts)
    for term in search.excluded:
        expression = f"({expression}) NOT {_phrase(term)}"
    return expression


def _phrase(term: Term) -> str:
    columns = "title" if term.in_title else TEXT_COLUMNS
    return f'{columns} : "{" ".join(term.terms)}"'


class SqliteBackend:
    freshness_weight = FRESHNESS_WEIGHT
    # FTS5 streams a count from its doclists: 10,000 cost a millisecond or two.
    count_cap = 10_000

    def newest(self, search: Search, *, limit: int, offset: int = 0) -> list[Match]:
        where, params = self._where(search)
        sql = (
            "SELECT search_fts.rowid, d.article_id FROM search_fts"
            " JOIN search_document d ON d.key = search_fts.rowid"
            f" WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [Match(key, article_id) for key, article_id in cursor.fetchall()]

    def candidates(self, search: Search, *, limit: int) -> list[int]:
        where, params = self._where(search)
        sql = f"SELECT search_fts.rowid FROM search_fts WHERE {where} ORDER BY 1 DESC LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [key for (key,) in cursor.fetchall()]

    def relevance(self, search: Search, keys: list[int]) -> dict[int, float]:
        if not keys:
            return {}
        stats = IndexStatistics.read()
        phrases = [
            (term.terms, self._idf(term, search, stats), term.in_title)
            for clause in search.clauses
            for term in clause.alternatives
        ]
        sql = (
            "SELECT key, title, lead, body FROM search_document"
            f" WHERE key IN ({', '.join(['%s'] * len(keys))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            rows = cursor.fetchall()
        return {
            key: bm25.score(
                [bm25.Field(text or "", w) for text, w in zip(texts, COLUMN_WEIGHTS, strict=True)],
                phrases,
                stats.average_length,
            )
            for key, *texts in rows
        }

    def _idf(self, term: Term, search: Search, stats: IndexStatistics) -> float:
        if sum(len(clause.alternatives) for clause in search.clauses) == 1:
            # One phrase: its IDF multiplies every score alike and changes no order.
            return 1.0
        return bm25.idf(stats.documents, self._document_frequency(term, stats))

    def _document_frequency(self, term: Term, stats: IndexStatistics) -> float:
        sql = (
            "SELECT count(*), min(rowid) FROM (SELECT rowid FROM search_fts"
            " WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_phrase(term), DF_SAMPLE])
            found, oldest = cursor.fetchone()
        if found < DF_SAMPLE:
            return found
        # As many matches in the rest of the index's time as in the span they covered.
        covered = (stats.newest_key - oldest + 1) / max(1, stats.newest_key - stats.oldest_key)
        return min(stats.documents, found / max(covered, 1e-9))

    def count(self, search: Search, *, cap: int, newest: Newest | None = None) -> int:
        # FTS5 streams the matches to count: the newest ones are not needed.
        where, params = self._where(search)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE {where} LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, cap])
            return cursor.fetchone()[0]

    def _where(self, search: Search) -> tuple[str, list]:
        conditions, params = ["search_fts MATCH %s"], [match_expression(search)]
        if search.since is not None:
            conditions.append("search_fts.rowid >= %s")
            params.append(first_key_at(search.since))
        if search.until is not None:
            conditions.append("search_fts.rowid < %s")
            params.append(first_key_at(search.until))
        return " AND ".join(conditions), params

    def write(self, rows: list[DocumentRow]) -> None:
        # The triggers of migration 0002 add each document to search_fts.
        Document.objects.bulk_create(
            [
                Document(
                    key=row.key,
                    article_id=row.article_id,
                    outlet_id=row.outlet_id,
                    rubrique_id=row.rubrique_id,
                    language=row.language,
                    title=row.title,
                    lead=row.lead,
                    body=row.body,
                    tags=document_tags(row.outlet_id, row.rubrique_id, row.language),
                )
                for row in rows
            ],
            batch_size=500,
        )

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%%'"
                " OR name = 'search_document' OR name LIKE 'sqlite_autoindex_search_document%%'"
            )
            return cursor.fetchone()[0] or 0

    def compact(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


@dataclass(frozen=True)
class IndexStatistics:
    documents: int
    # Tokens of a document's title, lead and body, on average.
    average_length: float
    oldest_key: int
    newest_key: int

    @classmethod
    def read(cls) -> IndexStatistics:
        with connection.cursor() as cursor:
            # Two statements: SQLite seeks to a min() or a max() alone, but scans for both.
            cursor.execute("SELECT min(key) FROM search_document")
            oldest = cursor.fetchone()[0]
            cursor.execute("SELECT max(key) FROM search_document")
            newest = cursor.fetchone()[0]
            cursor.execute("SELECT block FROM search_fts_data WHERE id = %s", [AVERAGES_ROW])
            row = cursor.fetchone()
        documents, tokens = _averages(bytes(row[0])) if row and row[0] else (0, [])
        text_tokens = sum(tokens[: len(COLUMN_WEIGHTS)])
        return cls(
            documents=documents,
            average_length=text_tokens / documents if documents else 1.0,
            oldest_key=oldest or 0,
            newest_key=newest or 0,
        )


def _averages(block: bytes) -> tuple[int, list[int]]:
    """FTS5's averages record: varints, the number of rows then each column's tokens."""
    values, position = [], 0
    while position < len(block):
        value, position = _varint(block, position)
        values.append(value)
    return (values[0], values[1:]) if values else (0, [])


def _varint(block: bytes, position: int) -> tuple[int, int]:
    """SQLite's varint: seven bits a byte, high bit set while more follow; a ninth byte
    gives all its eight bits."""
    value = 0
    for index in range(8):
        byte = block[position + index]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, position + index + 1
    return (value << 8) | block[position + 8], position + 9
