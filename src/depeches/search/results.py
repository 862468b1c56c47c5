"""What the page, the JSON and the feed show of each matched article."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from depeches.articles.models import Article
from depeches.search.snippets import highlighted, snippet


@dataclass(frozen=True)
class Result:
    article: Article
    title_html: SafeString
    snippet_html: SafeString


def results_for(articles: list[Article], stems: set[str]) -> list[Result]:
    return [
        Result(article, highlighted(article.title, stems), best_snippet(article, stems))
        for article in articles
    ]


def best_snippet(article: Article, stems: set[str]) -> SafeString:
    """From the text where the terms are; else from the lead; else the text's beginning."""
    from_text, matched = snippet(article.text, stems)
    if matched or not article.lead:
        return from_text
    from_lead, matched = snippet(article.lead, stems)
    return from_lead if matched or not article.text else from_text
