"""The labelled sets as a floor: the clustering must not get worse than measured
(docs/benchmarks.md, "Stories"). The floors sit a little below the measured figures."""

from __future__ import annotations

import pytest

from depeches.stories.cluster import cluster_records
from depeches.stories.evaluation import evaluate
from tests.stories.conftest import demo_records, labelled_records


@pytest.fixture(scope="module")
def labelled_scores():
    records = labelled_records()
    return evaluate(records, cluster_records(records))


@pytest.fixture(scope="module")
def demo_scores():
    records = demo_records()
    return evaluate(records, cluster_records(records))


def test_labelled_set_is_what_it_claims():
    records = labelled_records()
    assert len(records) >= 150
    assert {r["lang"] for r in records} == {"fr", "ar"}
    stories = {}
    for record in records:
        stories.setdefault(record["story"], set()).add(record["lang"])
        assert record["title"] and record["lead"] and record["published"]
        assert 2 <= len(record["body"].split("\n\n")) <= 4
    assert sum(languages == {"fr", "ar"} for languages in stories.values()) >= 20
    assert sum(1 for r in records if r.get("dup")) >= 15


def test_labelled_set_floor(labelled_scores):
    assert labelled_scores.bcubed_f1 >= 0.95
    assert labelled_scores.pairwise_f1 >= 0.90
    assert labelled_scores.cross_lingual_recall >= 0.90
    assert labelled_scores.dup_f1 >= 0.95
    assert labelled_scores.largest_story <= 2 * labelled_scores.largest_labelled_story


def test_demo_corpus_floor(demo_scores):
    assert demo_scores.bcubed_f1 >= 0.93
    assert demo_scores.cross_lingual_recall >= 0.85
    assert demo_scores.dup_f1 >= 0.95
    assert demo_scores.largest_story <= 2 * demo_scores.largest_labelled_story
