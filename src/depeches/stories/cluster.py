"""Story clustering, one article at a time: join the best-matching recent story or start one.

The same `Clusterer` serves the crawl (assign.py: each stored article, stories in the
database) and the offline runs (`cluster_records`, the benchmark, `depeches recluster`): fed
in publication order, it decides each article from the articles before it only.

For each article, its neighbours in the window are scored (scoring.py). A near-duplicate
(neardup.py) always joins its original's story and near-duplicate group. Otherwise the
article joins the story of its best-scoring neighbour when that scores above JOIN; other
stories it matches above MERGE are the same story told twice, and are merged into it.

A catch-all story, which swallows everything by small steps, is kept off in two ways: an
article joins on its own best match, never on a story's accumulated score, and a story that
has grown large must be matched more strongly (see _join_threshold).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from depeches.stories import embedding, features, neardup, scoring
from depeches.stories.settings import window_hours
from depeches.stories.window import Window

# Past this many articles, a story asks more of each newcomer (one more point per doubling):
# a real story this large gets articles that match it strongly anyway.
_LARGE_STORY = 24
StoredAround = Callable[[float, float], Iterable[tuple[features.Features, object, object]]]
# "Lire aussi" outside the story: an article from another outlet at least this close in
# meaning (cosine of the embeddings): above 0.48, the 99th percentile of pairs from different
# stories (docs/benchmarks.md, "Embedding model"); pairs of one story have a median of 0.64.
SIMILAR_ENOUGH = 0.5


@dataclass
class Assignment:
    story: object
    created: bool = False
    merged: list[object] = field(default_factory=list)
    # The earlier article this one reprints, if any, and their near-duplicate group.
    duplicate_of: object = None
    duplicate_group: object = None
    score: float | None = None
    # The closest article in meaning from another outlet that is not a reprint of this one
    # (cosine at least SIMILAR_ENOUGH), for "Lire aussi" when the story has nothing better.
    closest: object = None
    closest_similarity: float = 0.0


class Clusterer:
    def __init__(
        self,
        hours: float | None = None,
        new_story: Callable[[features.Features], object] | None = None,
        current_stories: Callable[[list], dict] | None = None,
        stored_around: StoredAround | None = None,
    ):
        """`new_story(article)` gives a new story's label; `current_stories(keys)` tells the
        present story of articles another process may have moved (merged) since;
        `stored_around(published, seconds)` gives the clustered articles published within
        `seconds` of `published` (features, story, near-duplicate group), for an article
        older than the window."""
        self.window = Window(hours if hours is not None else window_hours())
        self._new_story = new_story or self._next_label
        self._current_stories = current_stories
        self._stored_around = stored_around
        self._labels = 0
        self._merged_into: dict[object, object] = {}
        self.sizes: Counter[object] = Counter()
        self._groups: dict[object, object] = {}

    def story_of(self, story: object) -> object:
        """The story `story` was merged into, if it was."""
        while story in self._merged_into:
            story = self._merged_into[story]
        return story

    def group_of(self, key: object) -> object:
        return self._groups.get(key)

    def add_known(self, item: features.Features, story: object, group: object = None) -> None:
        """Put an already clustered article in the window (loading from the database)."""
        self.window.add(item, story)
        self.sizes[story] += 1
        if group is not None:
            self._groups[item.key] = group

    def assign(self, item: features.Features) -> Assignment:
        self.window.expire(max(self.window.latest, item.published))
        if item.published < self.window.latest - self.window.seconds:
            self._reload_around(item)
        neighbours = self.window.neighbours(item)
        matches = self._refresh_stories(self._matches(item, neighbours))
        assignment = self._decide(item, matches)
        # Only neighbours still stored (another process may have deleted some).
        still_there = {row for _, row in matches}
        self._note_closest(
            item, [(row, cos) for row, cos in neighbours if row in still_there], assignment
        )
        self.window.add(item, assignment.story)
        self.sizes[assignment.story] += 1
        if assignment.duplicate_group is not None:
            self._groups[item.key] = assignment.duplicate_group
            self._groups.setdefault(assignment.duplicate_of, assignment.duplicate_group)
        return assignment

    def _reload_around(self, item: features.Features) -> None:
        """An article from before the window (a new outlet's backlog, a page fetched late)
        is compared with the articles of its own days, loaded back for this decision: the
        next article's expiry forgets them again."""
        if self._stored_around is None:
            return
        for known, story, group in self._stored_around(item.published, self.window.seconds):
            if known.key not in self.window:
                self.window.add(known, story)
                if group is not None:
                    self._groups[known.key] = group

    def merge(self, kept: object, gone: object) -> None:
        self._merged_into[gone] = kept
        self.sizes[kept] += self.sizes.pop(gone, 0)

    def _matches(
        self, item: features.Features, neighbours: list[tuple[int, float]]
    ) -> list[tuple[float, int]]:
        """(score, row) of the window's neighbours, best first."""
        scored = [
            (scoring.score(item, self.window.features[row], self.window.weight, cosine), row)
            for row, cosine in neighbours
        ]
        return sorted(scored, key=lambda pair: pair[0], reverse=True)

    def _note_closest(
        self, item: features.Features, neighbours: list[tuple[int, float]], assignment: Assignment
    ) -> None:
        """Found now, while the neighbours are at hand, so that the article page need not
        compare embeddings when it is shown."""
        best_row, best_cosine = None, SIMILAR_ENOUGH
        for row, cosine in neighbours:
            other = self.window.features[row]
            reprint = assignment.duplicate_group is not None and (
                self._groups.get(other.key, other.key) == assignment.duplicate_group
            )
            if other.outlet != item.outlet and not reprint and cosine >= best_cosine:
                best_row, best_cosine = row, cosine
        if best_row is not None:
            assignment.closest = self.window.features[best_row].key
            assignment.closest_similarity = float(best_cosine)

    def _refresh_stories(self, matches: list[tuple[float, int]]) -> list[tuple[float, int]]:
        if self._current_stories is None or not matches:
            return matches
        keys = [self.window.features[row].key for _, row in matches]
        current = self._current_stories(keys)
        kept = []
        for score, row in matches:
            story = current.get(self.window.features[row].key)
            if story is None:  # deleted, or not in a story any more
                continue
            self.window.stories[row] = story
            kept.append((score, row))
        return kept

    def _decide(self, item: features.Features, matches: list[tuple[float, int]]) -> Assignment:
        duplicate = self._duplicate(item, matches)
        best_by_story: dict[object, float] = {}
        for score, row in matches:
            story = self.story_of(self.window.stories[row])
            best_by_story.setdefault(story, score)
        joinable = [
            (score, story)
            for story, score in best_by_story.items()
            if score >= self._join_threshold(story)
        ]
        if duplicate is not None:
            story = self.story_of(self.window.stories[duplicate])
            assignment = Assignment(story, score=best_by_story.get(story))
            original = self.window.features[duplicate].key
            assignment.duplicate_of = original
            assignment.duplicate_group = self._groups.get(original, original)
        elif joinable:
            score, story = max(joinable, key=lambda pair: pair[0])
            assignment = Assignment(story, score=score)
        else:
            return Assignment(self._new_story(item), created=True)
        for score, other in joinable:
            if other != assignment.story and score >= scoring.MERGE:
                self.merge(assignment.story, other)
                assignment.merged.append(other)
        return assignment

    def _duplicate(self, item: features.Features, matches: list[tuple[float, int]]) -> int | None:
        best, best_similarity = None, neardup.THRESHOLD
        for _, row in matches:
            similarity = neardup.similarity(item.signature, self.window.features[row].signature)
            if similarity >= best_similarity:
                best, best_similarity = row, similarity
        return best

    def _join_threshold(self, story: object) -> float:
        size = self.sizes[story]
        if size <= _LARGE_STORY:
            return scoring.JOIN
        return scoring.JOIN + (size // _LARGE_STORY).bit_length() - 1

    def _next_label(self, item: features.Features) -> object:
        self._labels += 1
        return f"story-{self._labels}"


def cluster_records(records: Iterable[dict]) -> dict:
    """Cluster articles given as dicts (id, lang, outlet, title, body, published; optionally
    lead), in publication order: {"stories": {id: story label}, "dups": [[id, …], …]}.

    `published` is a datetime or an ISO 8601 string; an article without one is taken as
    published with the latest article before it.
    """
    ordered, times = _in_publication_order(records)
    texts = [features.Text.of(r.get("title"), r.get("lead"), r.get("body")) for r in ordered]
    vectors = embedding.embed([text.embedding_text() for text in texts])
    clusterer = Clusterer()
    labels = {}
    for record, published, text, vector in zip(ordered, times, texts, vectors, strict=True):
        item = features.compute(
            record["id"], record.get("lang", ""), record.get("outlet", ""), published, text, vector
        )
        labels[record["id"]] = clusterer.assign(item).story
    groups: dict[object, list] = {}
    for key in labels:
        group = clusterer.group_of(key)
        if group is not None:
            groups.setdefault(group, []).append(key)
    return {
        "stories": {key: clusterer.story_of(story) for key, story in labels.items()},
        "dups": [members for members in groups.values() if len(members) > 1],
    }


def _published(record: dict) -> float | None:
    value = record.get("published")
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def _in_publication_order(records: Iterable[dict]) -> tuple[list[dict], list[float]]:
    """The records by publication time; an undated one takes the time of the dated record
    before it in the input (or the epoch), so it is compared with its neighbours."""
    keyed, latest = [], 0.0
    for position, record in enumerate(records):
        published = _published(record)
        latest = latest if published is None else published
        keyed.append((latest, position, record))
    keyed.sort(key=lambda entry: entry[:2])
    return [record for _, _, record in keyed], [published for published, _, _ in keyed]
