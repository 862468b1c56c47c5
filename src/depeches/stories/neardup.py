"""Near-duplicates: one dispatch reprinted by several outlets with small edits.

MinHash over word 3-shingles of the folded text (`normalize.words`: case, accents and Arabic
letter variants do not count). The signature is computed with numpy rather than datasketch:
it is one vectorised expression over the article's shingles, needs no per-article object or
permutation set-up, and is stored as 512 bytes beside the article. Candidates come from the
story window (a reprint is always among an article's nearest neighbours), so no LSH index is
kept.
"""

from __future__ import annotations

import zlib

import numpy as np

from depeches.search.normalize import words

PERMUTATIONS = 128
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of shingle sets from which two articles are one dispatch:
# reprints measured on the labelled set sit above 0.6, distinct reports of one event below 0.3.
THRESHOLD = 0.5
# Too few shingles and any two briefs look alike: such texts are never near-duplicates.
MIN_SHINGLES = 12

# Universal hashing (a·x + b) mod p with the prime p = 2^31 - 1: x, a, b < p, so a·x + b fits
# in uint64, and every permutation wraps around p many times, as the estimate requires.
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20261128)
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
EMPTY = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)


def shingles(text: str) -> set[int]:
    """Stable 32-bit hashes of the text's word 3-grams (the same in every process)."""
    tokens = words(text)
    grams = (" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - 2))
    return {zlib.crc32(gram.encode()) for gram in grams}


def signature(text: str) -> np.ndarray:
    """The text's MinHash signature (uint32); texts too short get EMPTY, which matches none."""
    hashes = shingles(text)
    if len(hashes) < MIN_SHINGLES:
        return EMPTY.copy()
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes)) % np.uint64(_PRIME)
    permuted = (np.outer(values, _A) + _B) % np.uint64(_PRIME)
    return permuted.min(axis=0).astype(np.uint32)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if (first == EMPTY).all() or (second == EMPTY).all():
        return 0.0
    return float(np.count_nonzero(first == second)) / PERMUTATIONS


def is_near_duplicate(first: np.ndarray, second: np.ndarray) -> bool:
    return similarity(first, second) >= THRESHOLD
