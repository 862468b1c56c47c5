"""Cluster each article once it is stored, in whatever process stores it (a crawl worker).

The work waits for the commit (the article is then safely stored whatever happens next) and
a failure of the clustering is logged, never raised: an article is never lost to it, and
`depeches recluster` clusters what was missed.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

from depeches.articles.models import Article

log = logging.getLogger(__name__)


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="stories.article_saved")


def article_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata
        return
    transaction.on_commit(lambda: cluster_safely(instance.pk))


def cluster_safely(article_id: int) -> None:
    from depeches.stories.assign import assign_article
    from depeches.stories.models import ArticleFeatures

    try:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return
        known = (
            ArticleFeatures.objects.filter(article_id=article_id)
            .values_list("fingerprint", flat=True)
            .first()
        )
        # Saved again without a change of text (or only its story changed): nothing to do.
        if known is not None and known == article.fingerprint and article.story_id:
            return
        assign_article(article)
    except Exception:
        log.exception("clustering article %s failed; it is stored without a story", article_id)
