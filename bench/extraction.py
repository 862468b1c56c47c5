"""Extraction quality: `extract_article` against plain trafilatura on real pages with answers.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--rounds 2] [--markdown]

Every page of ../shared/corpus/html that comes with an expected result is extracted twice in
the same run, by depeches' `extract_article` and by trafilatura alone
(`bare_extraction(html, url=url, with_metadata=True)`, default settings), and scored:

- body: token F1 (bag of words, lower case, punctuation dropped) against the expected text;
- title: exact match once whitespace is normalised;
- date: the same calendar day as the expected date (in the expected date's own offset);
- speed: pages per CPU second of this process (one core), both extractors interleaved page
  by page so that a busy machine slows both alike, timed on the last of `--rounds` passes
  over the pages: one-time costs (models, dateparser's locales) are a crawler's start-up,
  not its pace.

Expectations: fundus/*.json (title, body, date), needle/expected.json (title, date),
newspaper4k (metadata JSON + body text), orange-actu pages <-> articles/fr.jsonl by id.
trafilatura's own test pages carry no expectations here: they count for speed only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
TOKEN = re.compile(r"\w+")
# Expected dates without an offset come from French sites: their day is Paris's.
NAIVE_ZONE = ZoneInfo("Europe/Paris")


@dataclass
class Case:
    """One page and what a perfect extractor would return for it (None: not known)."""

    source: str  # "fr/fundus", "fr/orange-actu"...
    name: str
    url: str
    html: str
    title: str | None = None
    body: str | None = None
    published: str | None = None


@dataclass
class Scores:
    f1: list[float] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    dates: list[bool] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0

    def time(self, seconds: float) -> None:
        self.pages += 1
        self.seconds += seconds

    def score(self, case: Case, found: dict) -> None:
        if case.body:
            self.f1.append(token_f1(found["text"], case.body))
        if case.title:
            self.titles.append(same_title(found["title"], case.title))
        if case.published:
            self.dates.append(same_day(found["date"], case.published))


# --------------------------------------------------------------------------- the corpus


def load_cases(corpus: Path) -> list[Case]:
    from depeches.crawl.extract import decode_html

    html = corpus / "html"
    loaders = [fundus_cases, needle_cases, newspaper4k_cases, orange_cases, trafilatura_cases]
    cases = []
    for loader in loaders:
        for case in loader(html, corpus):
            case.html = decode_html(case.html) if isinstance(case.html, bytes) else case.html
            cases.append(case)
    return cases


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def fundus_cases(html: Path, corpus: Path) -> Iterator[Case]:
    """fundus keeps one expectation per parser version; versions and pages sort alike."""
    for folder in sorted(html.glob("*/fundus")):
        urls = json.loads((folder / "meta.info").read_text(encoding="utf-8"))
        for expected_file in sorted(folder.glob("*.json")):
            versions = json.loads(expected_file.read_text(encoding="utf-8"))
            pages = sorted(folder.glob(f"{expected_file.stem}_*.html.gz"))
            for version, page in zip(sorted(versions), pages, strict=False):
                expected = versions[version]
                yield Case(
                    source=source_of(folder),
                    name=page.name,
                    url=urls.get(page.name, {}).get("url", ""),
                    html=read_bytes(page),  # type: ignore[arg-type]
                    title=expected.get("title"),
                    body=fundus_body(expected.get("body") or {}),
                    published=expected.get("publishing_date"),
                )


def fundus_body(body: dict) -> str:
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += section.get("headline") or []
        parts += section.get("paragraphs") or []
    return "\n\n".join(parts)


def needle_cases(html: Path, corpus: Path) -> Iterator[Case]:
    folder = html / "fr" / "needle"
    if not (folder / "expected.json").exists():
        return
    for expected in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
        yield Case(
            source=source_of(folder),
            name=expected["file"],
            url=expected.get("requested_url") or "",
            html=read_bytes(folder / expected["file"]),  # type: ignore[arg-type]
            title=expected.get("title"),
            published=expected.get("published"),
        )


def newspaper4k_cases(html: Path, corpus: Path) -> Iterator[Case]:
    for metadata in sorted(html.glob("*/newspaper4k/*.metadata.json")):
        stem = metadata.name.removesuffix(".metadata.json")
        expected = json.loads(metadata.read_text(encoding="utf-8"))
        text = metadata.with_name(f"{stem}.expected.txt")
        yield Case(
            source=source_of(metadata.parent),
            name=f"{stem}.html",
            url=expected.get("url") or "",
            html=read_bytes(metadata.with_name(f"{stem}.html")),  # type: ignore[arg-type]
            title=expected.get("title"),
            body=text.read_text(encoding="utf-8") if text.exists() else None,
            published=expected.get("publish_date"),
        )


def orange_cases(html: Path, corpus: Path) -> Iterator[Case]:
    folder = html / "fr" / "orange-actu"
    articles = corpus / "articles" / "fr.jsonl"
    if not (folder / "index.json").exists() or not articles.exists():
        return
    wanted = {entry["id"]: entry for entry in json.loads((folder / "index.json").read_text())}
    with articles.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            entry = wanted.get(article["id"])
            if entry is None:
                continue
            yield Case(
                source=source_of(folder),
                name=entry["file"],
                url=entry.get("url") or article["url"],
                html=read_bytes(folder / entry["file"]),  # type: ignore[arg-type]
                title=article["title"],
                body=article["body"],
                published=article["published"],
            )


def trafilatura_cases(html: Path, corpus: Path) -> Iterator[Case]:
    for page in sorted(html.glob("*/trafilatura/*.html")):
        yield Case(source=source_of(page.parent), name=page.name, url="", html=read_bytes(page))  # type: ignore[arg-type]


def source_of(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


# --------------------------------------------------------------------------- scoring


def tokens(text: str) -> Counter[str]:
    return Counter(TOKEN.findall((text or "").lower()))


def token_f1(found: str, expected: str) -> float:
    got, want = tokens(found), tokens(expected)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_title(found: str | None, expected: str) -> bool:
    return " ".join((found or "").split()) == " ".join(expected.split())


def same_day(found: str | None, expected: str) -> bool:
    if not found:
        return False
    want = datetime.fromisoformat(expected.replace(" ", "T", 1))
    got = datetime.fromisoformat(found)
    if len(found) <= 10:  # a day without a time: compare it as it is
        return got.date() == want.date()
    zone = want.tzinfo or NAIVE_ZONE
    if got.tzinfo is None:
        return got.date() == want.date()
    return got.astimezone(zone).date() == want.date()


# --------------------------------------------------------------------------- running


def depeches_extractor() -> Callable[[Case], dict]:
    from depeches.crawl.extract import extract_article

    return lambda case: extract_article(case.html, case.url)


def trafilatura_extractor() -> Callable[[Case], dict]:
    import trafilatura

    def extract(case: Case) -> dict:
        document = trafilatura.bare_extraction(case.html, url=case.url or None, with_metadata=True)
        if document is None:
            return {"title": "", "text": "", "date": None}
        return {"title": document.title, "text": document.text, "date": document.date}

    return extract


def measure(cases: list[Case], rounds: int) -> dict[str, dict[str, Scores]]:
    """Per extractor, per source folder (and "overall"), the scores of every page: quality
    from the first pass, time from the last."""
    import logging

    logging.disable(logging.WARNING)  # trafilatura logs every page it finds no text in
    extractors = {"depeches": depeches_extractor(), "trafilatura": trafilatura_extractor()}
    for extract in extractors.values():
        extract(cases[0])  # warm up: language model, lazy imports
    results: dict[str, dict[str, Scores]] = {name: defaultdict(Scores) for name in extractors}
    for round_number in range(1, rounds + 1):
        for case in cases:
            for name, extract in extractors.items():
                started = time.process_time()
                found = extract(case)
                seconds = time.process_time() - started
                for scores in (results[name][case.source], results[name]["overall"]):
                    if round_number == 1:
                        scores.score(case, found)
                    if round_number == rounds:
                        scores.time(seconds)
    return results


# --------------------------------------------------------------------------- reporting


def mean(values: list[float] | list[bool]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "—"


def rows(results: dict[str, dict[str, Scores]]) -> list[list[str]]:
    ours, theirs = results["depeches"], results["trafilatura"]
    table = []
    for source in sorted(ours, key=lambda name: (name == "overall", name)):
        a, b = ours[source], theirs[source]
        table.append(
            [
                source,
                str(a.pages),
                f"{mean(a.f1)} / {mean(b.f1)}",
                f"{mean(a.titles)} / {mean(b.titles)}",
                f"{mean(a.dates)} / {mean(b.dates)}",
                f"{a.pages / a.seconds:.0f} / {b.pages / b.seconds:.0f}",
            ]
        )
    return table


HEADERS = ["source", "pages", "body F1", "title exact", "date same day", "pages/s (CPU)"]


def print_rich(results: dict[str, dict[str, Scores]], counts: dict[str, int]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Extraction quality", caption="each cell: depeches / trafilatura alone")
    for header in HEADERS:
        table.add_column(header, justify="left" if header == "source" else "right")
    for row in rows(results):
        table.add_row(*row)
    console = Console(width=max(Console().width, 100))
    console.print(table)
    console.print(
        "pages with an expected body / title / date: "
        f"{counts['body']} / {counts['title']} / {counts['date']}; "
        f"CPU cost of depeches over trafilatura: {cost_ratio(results):.2f}x"
    )


def print_markdown(results: dict[str, dict[str, Scores]]) -> None:
    print("| " + " | ".join(HEADERS) + " |")
    print("|" + "|".join([" --- "] + [" ---: "] * (len(HEADERS) - 1)) + "|")
    for row in rows(results):
        print("| " + " | ".join(row) + " |")


def cost_ratio(results: dict[str, dict[str, Scores]]) -> float:
    return results["depeches"]["overall"].seconds / results["trafilatura"]["overall"].seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=2, help="passes; the last one is timed")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table too")
    options = parser.parse_args()
    if not (options.corpus / "html").is_dir():
        print(f"{options.corpus} is absent: no pages to measure extraction on")
        return 0
    cases = load_cases(options.corpus)
    counts = {
        "body": sum(bool(case.body) for case in cases),
        "title": sum(bool(case.title) for case in cases),
        "date": sum(bool(case.published) for case in cases),
    }
    results = measure(cases, max(1, options.rounds))
    print_rich(results, counts)
    if options.markdown:
        print_markdown(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
