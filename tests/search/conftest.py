"""Articles to search: made directly, indexed by the search app's signals as they are saved."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from depeches.search.engine import Filters, articles_of, run_search
from depeches.web.content_version import forget_version
from tests.web.conftest import make_article, make_outlet  # noqa: F401 - re-exported


@pytest.fixture(autouse=True)
def fresh_pages(settings):
    settings.DEPECHES_PAGE_FRESHNESS = 0
    cache.clear()
    forget_version()
    yield
    cache.clear()
    forget_version()


def titles(text: str, sort: str = "relevance", **filters) -> list[str]:
    """The titles a search finds, in the order shown."""
    outcome = run_search(text, Filters(**filters), sort)
    return [article.title for article in articles_of(list(outcome.results[:100]))]
