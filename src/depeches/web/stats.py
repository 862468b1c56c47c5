"""Counts of what depeches holds, for `depeches stats` and the health views."""

from __future__ import annotations

from depeches.articles.models import Article
from depeches.images.models import Image
from depeches.sources.models import Feed, Outlet
from depeches.stories.models import Story


def collection_counts() -> dict[str, int]:
    return {
        "outlets": Outlet.objects.count(),
        "feeds": Feed.objects.count(),
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "stories": Story.objects.filter(article_count__gt=0).count(),
        "blocked_images": Image.objects.filter(status=Image.Status.BLOCKED).count(),
    }
