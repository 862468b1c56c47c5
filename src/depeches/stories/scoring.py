"""How likely two articles report one story: a weighted sum of the signals the issue names.

    score = 2.3·cosine of the sentence embeddings        (meaning, across languages)
          + 0.7·overlap of title-and-lead search terms   (same wording, same language)
          + 1.8·Dice of the entities, weighted by rarity (figures, places, names)
          + 2.0·shared entity weight, capped at 20, /20  (many rare things in common)
          + 0.8·Jaccard of the figures                   (other figures: another day's session)
          − 1.55·hours apart / 72                        (time proximity)
          + 0.55 when the languages differ               (translation lowers the other signals)
          − 1.95

The weights are a logistic regression fitted on the labelled set's pairs less than 72 hours
apart, rounded; the demo corpus, not used for fitting, checks them (bench/stories.py). An
article joins a story when its best match there scores above JOIN.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from depeches.stories.features import Features

JOIN = 0.75
# Two stories an article matches this well are one story, and are merged.
MERGE = 1.5

_WEIGHTS = {
    "cosine": 2.3,
    "terms": 0.7,
    "entities": 1.8,
    "entity_mass": 2.0,
    "figures": 0.8,
    "hours": -1.55,
    "bilingual": 0.55,
}
_BIAS = -1.95
_ENTITY_MASS_CAP = 20.0
_HOURS_SCALE = 72.0
# Articles without figures on one side neither agree nor disagree on them.
_NO_FIGURES = 0.5

Weight = Callable[[str], float]


def score(first: Features, second: Features, weight: Weight, cosine: float | None = None) -> float:
    """The pair's score; `weight(entity)` is the entity's rarity in the window (see idf)."""
    values = signals(first, second, weight, cosine)
    return _BIAS + sum(_WEIGHTS[name] * value for name, value in values.items())


def signals(
    first: Features, second: Features, weight: Weight, cosine: float | None = None
) -> dict[str, float]:
    """Each signal of the pair, between 0 and 1 (hours: in windows of 72 h)."""
    if cosine is None:
        cosine = float(first.vector @ second.vector)
    shared = first.entities & second.entities
    shared_mass = sum(weight(entity) for entity in shared)
    both_masses = _mass(first, weight) + _mass(second, weight)
    hours = abs(first.published - second.published) / 3600
    return {
        "cosine": cosine,
        "terms": term_overlap(first.terms, second.terms),
        # Dice rather than a share of the smaller set: an article naming one city only would
        # otherwise match every article naming that city.
        "entities": 2 * shared_mass / both_masses if both_masses > 0 else 0.0,
        "entity_mass": min(shared_mass, _ENTITY_MASS_CAP) / _ENTITY_MASS_CAP,
        "figures": _figure_agreement(first.entities, second.entities),
        "hours": hours / _HOURS_SCALE,
        "bilingual": float(bool(first.lang and second.lang and first.lang != second.lang)),
    }


def idf(document_frequency: int, documents: int) -> float:
    return math.log((documents + 1) / (document_frequency + 1))


def term_overlap(first: frozenset[str], second: frozenset[str]) -> float:
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def _mass(features: Features, weight: Weight) -> float:
    return sum(weight(entity) for entity in features.entities)


def _figure_agreement(first: frozenset[str], second: frozenset[str]) -> float:
    first_figures = {entity for entity in first if entity[0] == "#"}
    second_figures = {entity for entity in second if entity[0] == "#"}
    if not first_figures or not second_figures:
        return _NO_FIGURES
    return len(first_figures & second_figures) / len(first_figures | second_figures)
