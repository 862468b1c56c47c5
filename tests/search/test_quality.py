"""Search quality over the shared corpus: the judged queries' precision@10 and nDCG@10.

tests/search/judgments.json holds queries and the ids of their relevant articles (those
whose title is about the query's topic); the texts are read from ../shared/corpus at test
time. The floors sit a little below the figures measured (docs/benchmarks.md, "Search"), on
both databases, so that a change that makes search worse fails here.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection

from depeches.articles.models import Article
from depeches.search.engine import Filters, run_search
from depeches.search.indexing import index_article_ids
from depeches.sources.models import Outlet

JUDGMENTS = Path(__file__).with_name("judgments.json")
NOW = datetime.fromisoformat("2021-01-01T00:00:00+00:00")
# (precision@10, nDCG@10) per database; measured 0.912 / 0.913 and 0.909 / 0.908.
FLOORS = {"sqlite": (0.89, 0.89), "postgresql": (0.89, 0.89)}

pytestmark = [pytest.mark.django_db, pytest.mark.shared_corpus]


def load_corpus(corpus: Path) -> None:
    outlets: dict[str, Outlet] = {}
    articles = []
    for language in ("fr", "ar"):
        for line in (corpus / "articles" / f"{language}.jsonl").open(encoding="utf-8"):
            entry = json.loads(line)
            name = entry["outlet"]
            if name not in outlets:
                outlets[name] = Outlet.objects.create(
                    slug=f"outlet-{len(outlets)}", name=name, language=language
                )
            articles.append(
                Article(
                    outlet=outlets[name],
                    url=entry["url"],
                    canonical_url=f"{entry['url']}#{entry['id']}",
                    guid=entry["id"],
                    title=entry["title"],
                    lead=entry.get("summary") or "",
                    text=entry["body"],
                    language=language,
                    published_at=datetime.fromisoformat(
                        entry["published"]
                        + ("T12:00:00+00:00" if "T" not in entry["published"] else "")
                    ),
                )
            )
    Article.objects.bulk_create(articles, batch_size=500)
    index_article_ids(Article.objects.values_list("pk", flat=True))


def precision_and_ndcg(found: list[str], relevant: set[str], k: int = 10) -> tuple[float, float]:
    hits = [1 if article in relevant else 0 for article in found[:k]]
    # Precision over the places that could hold a relevant article.
    precision = sum(hits) / min(k, len(relevant))
    dcg = sum(hit / math.log2(rank + 2) for rank, hit in enumerate(hits))
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return precision, dcg / ideal


def judged_metrics() -> tuple[float, float, list[tuple[str, float]]]:
    judgments = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["judgments"]
    guids = dict(Article.objects.values_list("pk", "guid"))
    precisions, ndcgs, per_query = [], [], []
    for judgment in judgments:
        outcome = run_search(judgment["query"], Filters(), now=NOW)
        found = [guids[match.article_id] for match in outcome.results[:10]]
        precision, ndcg = precision_and_ndcg(found, set(judgment["relevant"]))
        precisions.append(precision)
        ndcgs.append(ndcg)
        per_query.append((judgment["query"], ndcg))
    return sum(precisions) / len(precisions), sum(ndcgs) / len(ndcgs), per_query


def test_judged_queries_stay_above_their_floor(shared_corpus):
    load_corpus(shared_corpus)
    precision, ndcg, per_query = judged_metrics()
    worst = sorted(per_query, key=lambda item: item[1])[:5]
    print(f"\nprecision@10 {precision:.3f}  nDCG@10 {ndcg:.3f}  weakest: {worst}")
    assert len(per_query) >= 60
    floor_precision, floor_ndcg = FLOORS[connection.vendor]
    assert precision >= floor_precision
    assert ndcg >= floor_ndcg
