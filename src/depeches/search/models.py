"""The search index: one document per article, in the terms search.normalize makes.

The documents' key orders them by publication time, so that the newest matches come first
without sorting and a date range is a key range, on both databases:
key = publication second * 2**16 + a few bits of the article id (keys.document_key).

On SQLite, the table is the external content of the FTS5 table `search_fts` (migration
0002), kept in sync by triggers; title, lead, body and tags hold the normalised terms. On
PostgreSQL, they stay empty: the column `vector` (a tsvector, migration 0003) holds them.
"""

from __future__ import annotations

from django.db import models


class DocumentKeyField(models.BigIntegerField):
    """A 64-bit integer key; on SQLite declared `integer`, which makes it the table's rowid,
    the number FTS5 orders and ranges its matches by."""

    def db_type(self, connection) -> str:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class Document(models.Model):
    key = DocumentKeyField(primary_key=True)
    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="search_document"
    )
    # Copies of the article's filters, so that a search needs no join to narrow its matches.
    outlet_id = models.BigIntegerField()
    rubrique_id = models.BigIntegerField(null=True)
    language = models.CharField(max_length=3, blank=True)
    title = models.TextField(blank=True)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Filter tokens (outlet, rubrique, language) that FTS5 intersects with the words.
    tags = models.TextField(blank=True)

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return f"document of article {self.article_id}"
