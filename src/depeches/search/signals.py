"""The index follows the articles: every save and delete through the ORM updates it in the
same transaction, so a committed article is found (or gone) at once."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from depeches.articles.models import Article
from depeches.search.indexing import INDEXED_FIELDS, index_articles, remove_articles


def article_saved(sender, instance: Article, raw: bool = False, update_fields=None, **kwargs):
    if raw:  # loaddata: `depeches reindex` indexes fixtures' rows
        return
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return
    index_articles([instance])


def article_deleted(sender, instance: Article, **kwargs):
    # Deleting an article cascades to its document; this covers deletes that do not cascade
    # through the ORM's collector (a raw delete followed by the signal).
    remove_articles([instance.pk])


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search-article-deleted")
