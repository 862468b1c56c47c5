"""Scores of a clustering against labels: BCubed and pairwise F1, cross-lingual pair recall,
near-duplicate precision and recall, and the size of the largest story."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Scores:
    articles: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_f1: float
    cross_lingual_recall: float | None  # None: no pair of languages in one labelled story
    dup_precision: float | None  # None: nothing to measure (no pair found or labelled)
    dup_recall: float | None
    dup_f1: float | None
    largest_story: int
    largest_labelled_story: int


def evaluate(records: list[dict], result: dict) -> Scores:
    """`records` carry the labels ("story", optionally "dup"); `result` is cluster_records'."""
    truth = {record["id"]: record["story"] for record in records}
    found = result["stories"]
    languages = {record["id"]: record.get("lang", "") for record in records}
    bp, br = bcubed(truth, found)
    found_pairs = _pairs(found)
    true_pairs = _pairs(truth)
    cross = {pair for pair in true_pairs if languages[pair[0]] != languages[pair[1]]}
    dup_truth = _pairs({r["id"]: r["dup"] for r in records if r.get("dup")})
    dup_found = {tuple(sorted(pair)) for group in result["dups"] for pair in combinations(group, 2)}
    dp = _ratio(len(dup_truth & dup_found), len(dup_found))
    dr = _ratio(len(dup_truth & dup_found), len(dup_truth))
    return Scores(
        articles=len(records),
        bcubed_precision=bp,
        bcubed_recall=br,
        bcubed_f1=_f1(bp, br),
        pairwise_f1=_f1(
            _ratio(len(found_pairs & true_pairs), len(found_pairs)) or 0.0,
            _ratio(len(found_pairs & true_pairs), len(true_pairs)) or 0.0,
        ),
        cross_lingual_recall=_ratio(len(cross & found_pairs), len(cross)),
        dup_precision=dp,
        dup_recall=dr,
        dup_f1=None if dp is None or dr is None else _f1(dp, dr),
        largest_story=max(Counter(found.values()).values(), default=0),
        largest_labelled_story=max(Counter(truth.values()).values(), default=0),
    )


def bcubed(truth: dict, found: dict) -> tuple[float, float]:
    """BCubed precision and recall, averaged over the articles."""
    true_members, found_members = _members(truth), _members(found)
    precision = recall = 0.0
    for key in truth:
        same_found = found_members[found[key]]
        same_true = true_members[truth[key]]
        correct = len(same_found & same_true)
        precision += correct / len(same_found)
        recall += correct / len(same_true)
    return precision / len(truth), recall / len(truth)


def _members(labels: dict) -> dict[object, set]:
    members = defaultdict(set)
    for key, label in labels.items():
        members[label].add(key)
    return members


def _pairs(labels: dict) -> set[tuple]:
    return {
        tuple(sorted(pair))
        for members in _members(labels).values()
        for pair in combinations(members, 2)
    }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_jsonl(path) -> list[dict]:
    import json

    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def as_records(rows: Iterable[dict]) -> list[dict]:
    """Corpus rows as cluster_records reads them (the demo corpus calls the lead `summary`)."""
    return [{**row, "lead": row.get("lead") or row.get("summary", "")} for row in rows]
