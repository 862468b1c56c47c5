"""Load JSONL news corpora and fold their outlets into stand-in websites.

A corpus file holds one JSON object a line (the schema of ``../shared/corpus/articles/*.jsonl``):
required keys ``id``, ``lang``, ``outlet``, ``title``, ``published``, ``category``, ``url`` and
``body`` (paragraphs separated by a blank line); optional ``summary``, ``author`` (may be null)
and ``story``; any other key is ignored.

A bad line (not JSON, not UTF-8, a required field missing or empty, an unparseable date, a
duplicate id) is reported as ``"<file name>:<line>: <what is wrong>"`` and skipped; loading goes
on with the next line. Only an unreadable file stops loading (``OSError``).

Dates: ``published`` is either a full ISO 8601 timestamp with a UTC offset or a bare date. A bare
date becomes midnight **UTC**: Morocco is UTC+0/UTC+1, so midnight UTC shows the same calendar
day in Africa/Casablanca, whereas midnight Casablanca would be the previous day once stored in
UTC. A timestamp without an offset is ambiguous and reported as a problem.

This module must not import Django: the stand-in servers run without settings.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

REQUIRED_FIELDS = ("id", "lang", "outlet", "title", "published", "category", "url", "body")
OPTIONAL_FIELDS = ("summary", "author", "story")


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    lang: str
    outlet: str
    title: str
    published: datetime  # always timezone-aware
    category: str
    url: str
    body: str
    summary: str | None = None
    author: str | None = None
    story: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


@dataclass
class CorpusLoad:
    articles: list[CorpusArticle] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SiteSpec:
    """One stand-in website: one language, one or more corpus outlets."""

    name: str
    slug: str
    language: str
    outlets: tuple[str, ...]  # member outlet names, largest first
    articles: tuple[CorpusArticle, ...]  # oldest first


class CorpusLineError(ValueError):
    """What is wrong with one corpus line; the message is shown after ``file:line:``."""


# --------------------------------------------------------------------------- loading


def load_corpus(paths: Iterable[str | Path]) -> CorpusLoad:
    """Read every JSONL file in ``paths``; bad lines become ``problems``, never exceptions."""
    load = CorpusLoad()
    first_seen: dict[str, str] = {}  # article id -> "file:line" where it was first read
    for path in map(Path, paths):
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                where = f"{path.name}:{number}"
                if not raw.strip():
                    continue  # blank lines (often a trailing one) are not worth a report
                try:
                    article = parse_line(raw)
                except CorpusLineError as problem:
                    load.problems.append(f"{where}: {problem}")
                    continue
                if article.id in first_seen:
                    load.problems.append(
                        f"{where}: duplicate id {article.id!r} (first at {first_seen[article.id]})"
                    )
                    continue
                first_seen[article.id] = where
                load.articles.append(article)
    return load


def parse_line(raw: bytes) -> CorpusArticle:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CorpusLineError(f"not valid UTF-8 ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise CorpusLineError(f"not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise CorpusLineError(f"not a JSON object but {type(record).__name__}")
    for name in REQUIRED_FIELDS:
        _require_text(record, name)
    optional = {name: _optional_text(record, name) for name in OPTIONAL_FIELDS}
    return CorpusArticle(
        id=record["id"],
        lang=record["lang"].strip().lower(),
        outlet=record["outlet"].strip(),
        title=record["title"].strip(),
        published=parse_published(record["published"]),
        category=record["category"].strip(),
        url=record["url"],
        body=record["body"],
        **optional,
    )


def parse_published(text: str) -> datetime:
    """ISO 8601 timestamp with offset, or a bare date (midnight UTC, see the module docstring)."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CorpusLineError(f"unparseable date {text!r} in 'published'") from None
    if moment.tzinfo is None:
        raise CorpusLineError(f"date {text!r} in 'published' has no UTC offset")
    return moment


def _require_text(record: dict, name: str) -> None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CorpusLineError(f"missing field {name!r}")
    if not isinstance(value, str):
        raise CorpusLineError(f"field {name!r} is {type(value).__name__}, not a string")


def _optional_text(record: dict, name: str) -> str | None:
    value = record.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None  # null, absent, empty or not text: optional fields are best effort


# --------------------------------------------------------------------------- folding


def fold_outlets(articles: Sequence[CorpusArticle], n: int | None = None) -> list[SiteSpec]:
    """Group articles into websites, each of one language.

    Without ``n`` every (outlet, language) pair is a site: an outlet whose articles come in two
    languages becomes two sites. With ``n``, the outlets are folded into exactly ``n`` sites (or
    one per outlet when there are fewer): the sites are shared among languages in proportion to
    their article counts, at least one each, and within a language the outlets are spread over
    its sites largest first onto the lightest site, which balances article counts. Sites come out
    ordered by language, then by size (largest first). The result depends only on the input.
    """
    if n is not None and n < 1:
        raise ValueError(f"the number of outlets must be at least 1, not {n}")
    groups = _group_by_language_and_outlet(articles)
    languages = sorted(groups)
    if n is not None and n < len(languages):
        raise ValueError(
            f"cannot fold {len(languages)} languages ({', '.join(languages)}) into {n} site(s):"
            " each site has one language"
        )
    outlet_total = sum(len(outlets) for outlets in groups.values())
    if n is None or n >= outlet_total:
        shares = {language: len(groups[language]) for language in languages}
    else:
        counts = {language: sum(map(len, groups[language].values())) for language in languages}
        capacity = {language: len(groups[language]) for language in languages}
        shares = share_sites(n, counts, capacity)
    members: list[tuple[str, list[list[CorpusArticle]]]] = []
    for language in languages:
        for bins in balance_outlets(groups[language], shares[language]):
            members.append((language, bins))
    return _name_sites(members)


def share_sites(n: int, counts: dict[str, int], capacity: dict[str, int]) -> dict[str, int]:
    """Largest-remainder apportionment of ``n`` sites, at least 1 and at most ``capacity`` each."""
    total = sum(counts.values())
    quota = {key: n * counts[key] / total for key in counts}
    shares = {key: min(capacity[key], max(1, math.floor(quota[key]))) for key in counts}
    while sum(shares.values()) < n:
        growable = [key for key in sorted(counts) if shares[key] < capacity[key]]
        key = max(growable, key=lambda k: quota[k] - shares[k])
        shares[key] += 1
    while sum(shares.values()) > n:  # only when the "at least one" floor overshot
        shrinkable = [key for key in sorted(counts) if shares[key] > 1]
        key = max(shrinkable, key=lambda k: shares[k] - quota[k])
        shares[key] -= 1
    return shares


def balance_outlets(
    outlets: dict[str, list[CorpusArticle]], bins: int
) -> list[list[list[CorpusArticle]]]:
    """Spread outlets (each a list of articles) over ``bins`` sites: largest outlet first onto
    the site with the fewest articles so far (the classic greedy that keeps sizes even)."""
    by_size = sorted(outlets.items(), key=lambda item: (-len(item[1]), item[0]))
    sites: list[list[list[CorpusArticle]]] = [[] for _ in range(bins)]
    sizes = [0] * bins
    for _, outlet_articles in by_size:
        lightest = sizes.index(min(sizes))
        sites[lightest].append(outlet_articles)
        sizes[lightest] += len(outlet_articles)
    return [site for site in sites if site]


def _group_by_language_and_outlet(
    articles: Iterable[CorpusArticle],
) -> dict[str, dict[str, list[CorpusArticle]]]:
    groups: dict[str, dict[str, list[CorpusArticle]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        groups[article.lang][article.outlet].append(article)
    return groups


def _name_sites(members: list[tuple[str, list[list[CorpusArticle]]]]) -> list[SiteSpec]:
    """Turn grouped outlets into named, uniquely slugged, deterministically ordered sites."""
    drafts = []
    for language, outlets in members:
        outlets = sorted(outlets, key=lambda arts: (-len(arts), arts[0].outlet))
        site_articles = sorted(
            (article for arts in outlets for article in arts),
            key=lambda article: (article.published, article.id),
        )
        drafts.append((language, tuple(arts[0].outlet for arts in outlets), tuple(site_articles)))
    drafts.sort(key=lambda draft: (draft[0], -len(draft[2]), draft[1][0]))
    names: set[str] = set()
    slugs: set[str] = set()
    sites = []
    for language, outlet_names, site_articles in drafts:
        name = _unique(outlet_names[0], names, lambda base, k: f"{base} ({k})")
        base = slugify(name) or _slug_from_host(site_articles) or f"{language}-site"
        slug = _unique(base, slugs, lambda base, k: f"{base}-{k}")
        sites.append(SiteSpec(name, slug, language, outlet_names, site_articles))
    return sites


def _slug_from_host(articles: tuple[CorpusArticle, ...]) -> str:
    """A slug for a name without Latin letters (Arabic): its site's domain, as outlets'
    own slugs usually are (www.sada-adwatayn.example -> sada-adwatayn)."""
    host = urlsplit(articles[0].url).hostname or "" if articles else ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "ar", "fr")]
    return slugify(labels[0]) if len(labels) > 1 else ""


def _unique(base: str, taken: set[str], variant: Callable[[str, int], str]) -> str:
    candidate, k = base, 1
    while candidate in taken:
        k += 1
        candidate = variant(base, k)
    taken.add(candidate)
    return candidate


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug: accents dropped, anything else than letters and digits becomes one dash.
    Text without Latin letters (Arabic) gives an empty slug; callers choose a fallback."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
