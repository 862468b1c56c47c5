"""Readers' content changed: bump the content version (depeches.web.content_version).

Receivers in web, not in the crawler: the crawler saves articles and pictures as it always
has, and whichever process saves them (a crawl worker, the admin, a shell) bumps the version
the web processes read.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from depeches.articles.models import Article, Rubrique
from depeches.images.models import ArticleImage, Image
from depeches.images.moderation import statuses_changed
from depeches.sources.models import Outlet
from depeches.stories.models import Story
from depeches.web.content_version import bump_after_commit, bump_content_version

# What pages show. Not Feed: its health changes on every poll, and the outlet page showing
# it is rendered afresh every DEPECHES_PAGE_FRESHNESS seconds anyway.
SHOWN_TO_READERS = (Article, ArticleImage, Image, Story, Outlet, Rubrique)


def content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's rows, not a change a reader saw
        return
    bump_after_commit()


def statuses_changed_in_bulk(sender, **kwargs) -> None:
    # Sent after the commit already: bump now.
    bump_content_version()


def connect() -> None:
    for model in SHOWN_TO_READERS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"web-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"web-del-{model.__name__}")
    statuses_changed.connect(statuses_changed_in_bulk, dispatch_uid="web-image-statuses")
