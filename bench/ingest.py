"""Ingest benchmark: the whole crawl pipeline against plain trafilatura on the same pages.

    .venv/bin/python bench/ingest.py [--articles N] [--memory-feeds 1000]

Stand-in outlets (a separate process) serve N French articles of ../shared/corpus; a crawl
worker in this process ingests them end to end (fetch feed, fetch page, extract, store,
images) into a fresh SQLite database. In the same run, trafilatura alone extracts the same
pages from memory. CPU seconds of this process are compared (the stand-ins run elsewhere),
so the ratio is the pipeline's cost over extraction's. A second part measures the peak
memory of a `depeches crawl --once` worker with many feeds configured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "articles" / "fr.jsonl"


def main() -> int:
    options = parse_arguments()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: nothing to measure")
        return 0
    data = Path(tempfile.mkdtemp(prefix="depeches-bench-"))
    os.environ["DEPECHES_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    if options.no_images:
        os.environ["DEPECHES_IMAGE_MAX_PER_ARTICLE"] = "0"
    corpus = write_sample(data / "sample.jsonl", options.articles)
    with standin(corpus, port=options.port) as sites:
        pipeline = measure_pipeline(sites)
        pages = fetch_pages(sites)
        alone = measure_trafilatura(pages)
        memory = (
            measure_worker_memory(sites, options.memory_feeds, data)
            if options.memory_feeds
            else 0.0
        )
    report(options.articles, pipeline, alone, memory, options.memory_feeds)
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--memory-feeds", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument(
        "--no-images", action="store_true", help="Leave pictures out (their share of the cost)."
    )
    return parser.parse_args()


def write_sample(path: Path, count: int) -> Path:
    with CORPUS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as sample:
        for _, line in zip(range(count), source, strict=False):
            sample.write(line)
    return path


class standin:
    """`depeches standin` in its own process, so its CPU is not counted as the crawler's."""

    def __init__(self, corpus: Path, port: int) -> None:
        self.command = [
            sys.executable, "-m", "depeches", "standin", "--corpus", str(corpus),
            "--port", str(port), "--outlets", "4", "--feed-size", "0",
        ]  # fmt: skip
        self.index = f"http://127.0.0.1:{port}/outlets.json"

    def __enter__(self) -> list[dict]:
        import httpx

        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)
        for _ in range(200):
            try:
                return httpx.get(self.index).json()
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the stand-in outlets did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait()


def setup_django() -> None:
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "depeches.settings")
    django.setup()
    call_command("migrate", verbosity=0)


def measure_pipeline(sites: list[dict]) -> dict:
    from types import SimpleNamespace

    setup_django()
    from depeches.articles.models import Article
    from depeches.crawl.worker import Crawler
    from depeches.demo.following import follow_sites

    follow_sites([SimpleNamespace(**site) for site in sites], request_delay=0.0)
    warm_up()
    crawler = Crawler()
    cpu, wall = time.process_time(), time.perf_counter()
    crawler.run_until_idle()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    crawler.close()
    return {"articles": Article.objects.count(), "cpu": cpu, "wall": wall}


def warm_up() -> None:
    """Load what a long-running worker loads once (the language model, trafilatura's
    tables), so that both sides are timed at their pace, not at their start-up."""
    import trafilatura

    from depeches.articles.language import detect_language

    detect_language("Le gouvernement a présenté le projet de loi de finances.")
    trafilatura.bare_extraction("<html><body><p>" + "mot " * 200 + "</p></body></html>")


def fetch_pages(sites: list[dict]) -> list[tuple[str, str]]:
    import httpx

    pages = []
    with httpx.Client() as client:
        for site in sites:
            for item in client.get(site["home_url"] + "_standin/articles.json").json():
                pages.append((item["url"], client.get(item["url"]).text))
    return pages


def measure_trafilatura(pages: list[tuple[str, str]]) -> dict:
    import trafilatura

    cpu = time.process_time()
    for url, html in pages:
        trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return {"articles": len(pages), "cpu": time.process_time() - cpu}


def measure_worker_memory(sites: list[dict], feeds: int, data: Path) -> float:
    """Peak RSS (MB) of `depeches crawl --once` with `feeds` feeds configured."""
    from depeches.sources.models import Feed, Outlet

    outlet = Outlet.objects.create(slug="memory", name="Memory", request_delay=0.0)
    Feed.objects.bulk_create(
        Feed(outlet=outlet, url=f"{sites[i % len(sites)]['feed_url']}?copy={i}")
        for i in range(feeds)
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "depeches", "crawl", "--once"],
        env=os.environ | {"DEPECHES_DATA": str(data)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def report(requested: int, pipeline: dict, alone: dict, memory: float, feeds: int) -> None:
    from rich.console import Console
    from rich.table import Table

    pipeline_rate = pipeline["articles"] / pipeline["cpu"]
    alone_rate = alone["articles"] / alone["cpu"]
    table = Table(title=f"ingest of {requested} French articles from stand-in outlets")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("articles stored", f"{pipeline['articles']}")
    table.add_row("pipeline: articles/s per core (CPU)", f"{pipeline_rate:.1f}")
    table.add_row("pipeline: articles/s (wall)", f"{pipeline['articles'] / pipeline['wall']:.1f}")
    table.add_row("trafilatura alone: articles/s per core", f"{alone_rate:.1f}")
    table.add_row("pipeline cost / extraction cost", f"{alone_rate / pipeline_rate:.2f}x")
    table.add_row(f"crawl worker peak RSS, {feeds} feeds", f"{memory:.0f} MB")
    Console().print(table)
    print(json.dumps({"pipeline_rate": pipeline_rate, "alone_rate": alone_rate, "rss_mb": memory}))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
