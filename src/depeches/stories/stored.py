"""Features to and from their database row (models.ArticleFeatures)."""

from __future__ import annotations

import numpy as np

from depeches.stories.embedding import DIMENSIONS
from depeches.stories.features import Features
from depeches.stories.neardup import PERMUTATIONS

# The columns a window is loaded from: the features and what the article says of itself.
WINDOW_COLUMNS = (
    "article_id",
    "article__language",
    "article__outlet_id",
    "article__published_at",
    "article__title",
    "article__story_id",
    "vector",
    "signature",
    "terms",
    "entities",
    "duplicate_group",
)


def columns(item: Features) -> dict:
    """The ArticleFeatures fields that hold `item`."""
    return {
        "vector": item.vector.astype(np.float32).tobytes(),
        "signature": item.signature.astype(np.uint32).tobytes(),
        "terms": "\n".join(sorted(item.terms)),
        "entities": "\n".join(sorted(item.entities)),
    }


def from_values(values: dict) -> Features:
    """Features from a `.values(*WINDOW_COLUMNS)` row."""
    vector = np.frombuffer(bytes(values["vector"]), dtype=np.float32)
    signature = np.frombuffer(bytes(values["signature"]), dtype=np.uint32)
    if vector.shape != (DIMENSIONS,):
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
    if signature.shape != (PERMUTATIONS,):
        signature = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    return Features(
        key=values["article_id"],
        lang=values["article__language"] or "",
        outlet=values["article__outlet_id"],
        published=values["article__published_at"].timestamp(),
        title=values["article__title"],
        terms=frozenset(filter(None, values["terms"].split("\n"))),
        entities=frozenset(filter(None, values["entities"].split("\n"))),
        vector=vector,
        signature=signature,
    )
