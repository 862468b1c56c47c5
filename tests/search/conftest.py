"""Articles to search: made directly, indexed by the search app's signals as they are saved."""

from __future__ import annotations

from depeches.search.engine import Filters, articles_of, run_search
from tests.web.conftest import make_article, make_outlet  # noqa: F401 - re-exported


def titles(text: str, sort: str = "relevance", **filters) -> list[str]:
    """The titles a search finds, in the order shown."""
    outcome = run_search(text, Filters(**filters), sort)
    return [article.title for article in articles_of(list(outcome.results[:100]))]
