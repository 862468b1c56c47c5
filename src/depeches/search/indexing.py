"""Keeping the index in step with the articles.

Signals (search.signals) call `index_articles` and `remove_articles` for every save and
delete made through the ORM. Code that changes articles in bulk (QuerySet.update,
bulk_create, raw SQL) calls `index_article_ids` with the ids it changed, then
depeches.web.content_version.bump_content_version(), as for any bulk change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db import transaction

from depeches.articles.models import Article
from depeches.search.backends import backend
from depeches.search.backends.base import DocumentRow
from depeches.search.keys import document_key
from depeches.search.models import Document
from depeches.search.normalize import index_terms

# Fields a document is made of: saving an article with none of them changed costs nothing.
INDEXED_FIELDS = frozenset(
    {"title", "lead", "text", "language", "published_at", "outlet", "rubrique"}
)
BATCH = 500


def terms_text(text: str) -> str:
    return " ".join(index_terms(text))


def document_row(article: Article) -> DocumentRow:
    return DocumentRow(
        key=document_key(article.published_at, article.pk),
        article_id=article.pk,
        outlet_id=article.outlet_id,
        rubrique_id=article.rubrique_id,
        language=article.language,
        title=terms_text(article.title),
        lead=terms_text(article.lead),
        body=terms_text(article.text),
    )


def index_articles(articles: Iterable[Article]) -> None:
    """Index these articles, replacing what was indexed for them before."""
    rows = [document_row(article) for article in articles]
    if not rows:
        return
    with transaction.atomic():
        remove_articles([row.article_id for row in rows])
        backend().write(with_free_keys(rows))


def remove_articles(article_ids: Iterable[int]) -> None:
    # Through the ORM: on SQLite the table's triggers take the documents out of FTS5.
    Document.objects.filter(article_id__in=list(article_ids)).delete()


def index_article_ids(article_ids: Iterable[int]) -> None:
    """For bulk changes: index these articles again (removed ones are dropped)."""
    ids = list(article_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        found = list(Article.objects.filter(pk__in=chunk))
        remove_articles(set(chunk) - {article.pk for article in found})
        index_articles(found)


def with_free_keys(rows: list[DocumentRow]) -> list[DocumentRow]:
    """The rows, each moved to the next free key where two articles of one second clash."""
    taken: set[int] = set()
    pending = rows
    placed: list[DocumentRow] = []
    while pending:
        stored = set(
            Document.objects.filter(key__in=[row.key for row in pending]).values_list(
                "key", flat=True
            )
        )
        clashing = []
        for row in pending:
            if row.key in stored or row.key in taken:
                clashing.append(replace(row, key=row.key + 1))
            else:
                taken.add(row.key)
                placed.append(row)
        pending = clashing
    return placed


def rebuild(progress: Callable[[int], None] = lambda done: None) -> int:
    """Index every article again, from scratch; `progress` is told each batch's size."""
    Document.objects.all().delete()
    done = 0
    last_id = 0
    while True:
        batch = list(Article.objects.filter(pk__gt=last_id).order_by("pk")[:BATCH])
        if not batch:
            break
        with transaction.atomic():
            backend().write(with_free_keys([document_row(article) for article in batch]))
        last_id = batch[-1].pk
        done += len(batch)
        progress(len(batch))
    backend().compact()
    return done
