"""The window: the recent articles' features, and the quick ways to find an article's
neighbours among them (by meaning, by shared words and entities).

Kept in memory and fed in publication order, by the offline clustering and by each process
that clusters articles as they are stored (assign.py). Finding neighbours must stay fast with
a hundred thousand articles in the window:

- by meaning: each embedding's signs (512 bits) are compared with XOR and a popcount over
  all rows at once, and the closest rows' full vectors are compared exactly;
- by words: an inverted index from terms and entities to rows, where terms shared by too many
  rows (common words) are passed over.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter

import numpy as np

from depeches.stories import scoring
from depeches.stories.embedding import DIMENSIONS
from depeches.stories.features import Features

_CODE_WORDS = DIMENSIONS // 64
NEIGHBOURS_BY_MEANING = 48
NEIGHBOURS_BY_WORDS = 48
# A term in more than this share of the window tells nothing about which rows are close.
_COMMON_SHARE = 0.05
_COMMON_FLOOR = 50
# The fewest rows an entity's rarity is reckoned over: a nearly empty window knows too
# little to call anything rare.
_MIN_DOCUMENTS = 200


class Window:
    def __init__(self, hours: float, capacity: int = 1024):
        self.seconds = hours * 3600
        self._vectors = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        self._codes = np.zeros((capacity, _CODE_WORDS), dtype=np.uint64)
        self._published = np.zeros(capacity, dtype=np.float64)
        self._alive = np.zeros(capacity, dtype=bool)
        self.features: list[Features | None] = []
        self.stories: list[object] = []
        self._rows_by_key: dict[object, int] = {}
        self._postings: dict[str, array] = {}
        self._entity_counts: Counter[str] = Counter()
        self._expiry: list[tuple[float, int]] = []
        self.latest = float("-inf")

    def __len__(self) -> int:
        return len(self._rows_by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._rows_by_key

    def row_of(self, key: object) -> int | None:
        return self._rows_by_key.get(key)

    def add(self, features: Features, story: object) -> int:
        if features.key in self._rows_by_key:
            self.remove(features.key)
        row = len(self.features)
        self._grow(row + 1)
        self._vectors[row] = features.vector
        self._codes[row] = _code(features.vector)
        self._published[row] = features.published
        self._alive[row] = True
        self.features.append(features)
        self.stories.append(story)
        self._rows_by_key[features.key] = row
        for token in features.terms | features.entities:
            self._postings.setdefault(token, array("q")).append(row)
        self._entity_counts.update(features.entities)
        heapq.heappush(self._expiry, (features.published, row))
        self.latest = max(self.latest, features.published)
        return row

    def remove(self, key: object) -> None:
        row = self._rows_by_key.pop(key, None)
        if row is None:
            return
        self._alive[row] = False
        self._entity_counts.subtract(self.features[row].entities)
        self.features[row] = None

    def expire(self, now: float) -> None:
        """Forget the articles published more than the window before `now`."""
        while self._expiry and self._expiry[0][0] < now - self.seconds:
            _, row = heapq.heappop(self._expiry)
            features = self.features[row]
            if features is not None and features.published < now - self.seconds:
                self.remove(features.key)
        if len(self.features) > 1024 and len(self) < len(self.features) // 2:
            self._compact()

    def weight(self, entity: str) -> float:
        """An entity's rarity in the window (inverse document frequency)."""
        return scoring.idf(self._entity_counts[entity], max(len(self), _MIN_DOCUMENTS))

    def neighbours(self, features: Features) -> list[tuple[int, float]]:
        """Rows of articles close to `features` in time and in meaning or words, with the
        cosine of their embeddings."""
        rows = len(self.features)
        if not rows:
            return []
        near_in_time = self._alive[:rows] & (
            np.abs(self._published[:rows] - features.published) <= self.seconds
        )
        candidates = self._by_meaning(features, near_in_time) | self._by_words(
            features, near_in_time
        )
        candidates.discard(self._rows_by_key.get(features.key, -1))
        ordered = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        cosines = self._vectors[ordered] @ features.vector
        return list(zip(ordered.tolist(), cosines.tolist(), strict=True))

    def _by_meaning(self, features: Features, mask: np.ndarray) -> set[int]:
        if not features.vector.any():
            return set()
        rows = len(mask)
        distances = np.bitwise_count(self._codes[:rows] ^ _code(features.vector)).sum(axis=1)
        distances = np.where(mask, distances, DIMENSIONS + 1)
        count = min(NEIGHBOURS_BY_MEANING, rows)
        closest = np.argpartition(distances, count - 1)[:count]
        return {int(row) for row in closest if mask[row]}

    def _by_words(self, features: Features, mask: np.ndarray) -> set[int]:
        common = max(_COMMON_FLOOR, _COMMON_SHARE * len(self))
        lists, weights = [], []
        for token in features.terms | features.entities:
            posting = self._postings.get(token)
            if posting is not None and len(posting) <= common:
                rows = np.frombuffer(posting, dtype=np.int64)
                lists.append(rows)
                weights.append(np.full(len(rows), 1.0 / (1 + len(rows)) ** 0.5))
        if not lists:
            return set()
        rows = np.concatenate(lists)
        hits = np.bincount(rows, weights=np.concatenate(weights), minlength=len(mask))
        hits = np.where(mask, hits, 0.0)
        count = min(NEIGHBOURS_BY_WORDS, int(np.count_nonzero(hits)))
        if not count:
            return set()
        best = np.argpartition(-hits, count - 1)[:count]
        return {int(row) for row in best}

    def _grow(self, needed: int) -> None:
        capacity = len(self._published)
        if needed <= capacity:
            return
        capacity = max(needed, 2 * capacity)
        self._vectors = _resized(self._vectors, capacity)
        self._codes = _resized(self._codes, capacity)
        self._published = _resized(self._published, capacity)
        self._alive = _resized(self._alive, capacity)

    def _compact(self) -> None:
        rows = zip(self.features, self.stories, strict=True)
        kept = [(features, story) for features, story in rows if features is not None]
        fresh = Window(self.seconds / 3600, capacity=max(1024, 2 * len(kept)))
        for features, story in kept:
            fresh.add(features, story)
        self.__dict__.update(fresh.__dict__)


def _code(vector: np.ndarray) -> np.ndarray:
    """The embedding's signs as 512 bits (8 uint64)."""
    return np.packbits(vector > 0).view(np.uint64)


def _resized(values: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *values.shape[1:]), dtype=values.dtype)
    grown[: len(values)] = values
    return grown
