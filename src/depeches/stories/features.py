"""What the clustering knows of one article: computed once, when the article arrives, and
stored beside it, so that comparing two articles costs no text processing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from depeches.search.normalize import index_terms
from depeches.stories import embedding, entities, neardup

# Without a lead, the body's opening stands in for it (outlets' leads are about this long).
LEAD_CHARACTERS = 300


@dataclass(frozen=True, eq=False)
class Features:
    key: object  # the article's id
    lang: str
    outlet: str
    published: float  # POSIX seconds
    title: str
    terms: frozenset[str]  # search terms of the title and lead
    entities: frozenset[str]  # figures, places, names (see entities.py)
    vector: np.ndarray  # unit sentence embedding (float32), zero when there is no text
    signature: np.ndarray  # MinHash of the whole text (uint32)


@dataclass(frozen=True)
class Text:
    """An article's text as the clustering reads it."""

    title: str
    lead: str
    body: str

    @classmethod
    def of(cls, title: str | None, lead: str | None, body: str | None) -> Text:
        title, lead, body = (title or "").strip(), (lead or "").strip(), (body or "").strip()
        if not lead:
            lead = body[:LEAD_CHARACTERS].split("\n")[0]
        return cls(title, lead, body)

    def embedding_text(self) -> str:
        return embedding.embedding_text(self.title, self.lead, self.body)


def compute(
    key: object,
    lang: str,
    outlet: str,
    published: datetime | float,
    text: Text,
    vector: np.ndarray | None = None,
) -> Features:
    """An article's features; `vector` when its embedding was computed in a batch."""
    if vector is None:
        vector = embedding.embed([text.embedding_text()])[0]
    whole = f"{text.title}\n{text.lead}\n{text.body}"
    return Features(
        key=key,
        lang=lang or "",
        outlet=outlet or "",
        published=published.timestamp() if isinstance(published, datetime) else published,
        title=text.title,
        terms=frozenset(index_terms(f"{text.title}\n{text.lead}")),
        entities=frozenset(entities.entities(text.title, f"{text.lead}\n{text.body}")),
        vector=np.asarray(vector, dtype=np.float32),
        signature=neardup.signature(whole),
    )
