"""Fixtures of the stories tests: the labelled sets, and articles stored from records."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from depeches.stories.evaluation import as_records, load_jsonl

DATA = Path(__file__).parent / "data"
DEMO_CORPUS = Path(__file__).resolve().parents[2] / "src/depeches/demo/corpus/demo.jsonl"


def labelled_records() -> list[dict]:
    return load_jsonl(DATA / "labelled.jsonl")


def demo_records() -> list[dict]:
    """The demo corpus with its near-duplicate groups (tests/stories/data/demo_dups.json)."""
    groups = json.loads((DATA / "demo_dups.json").read_text())["groups"]
    dup_of = {key: f"dup-{index}" for index, group in enumerate(groups) for key in group}
    return [
        {**record, **({"dup": dup_of[record["id"]]} if record["id"] in dup_of else {})}
        for record in as_records(load_jsonl(DEMO_CORPUS))
    ]


@pytest.fixture
def store(db):
    """store(record) -> Article: a record saved as a crawled article of its outlet."""
    from depeches.articles.models import Article
    from depeches.sources.models import Outlet

    def save(record: dict):
        name = record.get("outlet", "Essai")
        outlet, _ = Outlet.objects.get_or_create(
            slug=f"o{abs(hash(name)) % 10**8}", defaults={"name": name}
        )
        published = record.get("published")
        return Article.objects.create(
            outlet=outlet,
            url=f"https://example.org/{record['id']}",
            canonical_url=f"https://example.org/{record['id']}",
            title=record.get("title", ""),
            lead=record.get("lead", ""),
            text=record.get("body", ""),
            language=record.get("lang", ""),
            fingerprint=record["id"],
            **({"published_at": datetime.fromisoformat(published)} if published else {}),
        )

    return save
