"""bm25 of a few documents, as FTS5's bm25() computes it, from their indexed terms.

FTS5's bm25() first counts every row matching each phrase of the query, over the whole table,
for its IDF: for a common word, a phrase of common words or an exclusion, a pass over
hundreds of thousands of rows at a million articles. The search only ranks a few hundred
candidates, so it scores them here, from their terms, with document frequencies estimated
from a bounded read of each term's newest matches (search.backends.sqlite).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# FTS5's bm25 constants.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Field:
    """One indexed column of a document: its terms (space-separated) and its weight."""

    terms: str
    weight: float


def padded(terms: str) -> str:
    return f" {terms} "


def pattern(phrase: Sequence[str]) -> str:
    """What a phrase is in padded terms. Counted without overlaps: a phrase written twice in
    a row ("a a", "a b a b") counts once there, which costs less than padding every space."""
    return f" {' '.join(phrase)} "


def length(terms: str) -> int:
    return terms.count(" ") + 1 if terms else 0


def idf(documents: int, matching: float) -> float:
    """FTS5's IDF, never below its floor of 1e-6 (a term in most documents)."""
    return max(1e-6, math.log((documents - matching + 0.5) / (matching + 0.5)))


def score(
    fields: Sequence[Field],
    phrases: Sequence[tuple[Sequence[str], float, bool]],
    average_length: float,
) -> float:
    """bm25 of one document: `phrases` are (terms, IDF, title only); fields[0] is the title.
    A phrase's frequency is its weighted count over the fields, as in FTS5."""
    document_length = sum(length(field.terms) for field in fields)
    norm = K1 * (1 - B + B * document_length / max(average_length, 1.0))
    texts = [(padded(field.terms), field.weight) for field in fields]
    total = 0.0
    for phrase, phrase_idf, title_only in phrases:
        wanted = pattern(phrase)
        frequency = 0.0
        for text, weight in texts[:1] if title_only else texts:
            frequency += text.count(wanted) * weight
        if frequency:
            total += phrase_idf * frequency * (K1 + 1) / (frequency + norm)
    return total
