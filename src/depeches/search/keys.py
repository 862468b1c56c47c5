"""Search documents' keys: time-ordered 64-bit integers (see search.models.Document)."""

from __future__ import annotations

from datetime import UTC, datetime

KEY_BITS = 16
SLOTS_PER_SECOND = 1 << KEY_BITS


def document_key(published_at: datetime, article_id: int) -> int:
    """The key a document would have; a clash with another article published in the same
    second is resolved by the indexer, which takes the next free slot."""
    return int(published_at.timestamp()) * SLOTS_PER_SECOND + article_id % SLOTS_PER_SECOND


def first_key_at(moment: datetime) -> int:
    """The smallest key of any article published at `moment` or later."""
    return int(moment.timestamp()) * SLOTS_PER_SECOND


def published_second(key: int) -> datetime:
    return datetime.fromtimestamp(key >> KEY_BITS, UTC)
