"""Web benchmark: reader pages from the production server, cached and uncached, vs static.

    .venv/bin/python bench/web.py [--articles 100000] [--duration 10] [--connections 12]
        [--postgres] [--client auto|wrk|python] [--image-rows N] [--markdown]

A fresh database (SQLite under a temporary DEPECHES_DATA, or with --postgres a database of
its own on the PostgreSQL server, dropped afterwards) is filled with N articles made from
../shared/corpus (French and Arabic, cycled with varied titles over two years and 60
outlets, a few hundred pictures shared as lead and inline images). `depeches web --port P`
serves it as in production (gunicorn, its default workers and threads). A load generator
on 127.0.0.1 (Debian's wrk, else a Python client with persistent httpx connections)
measures the home, article and outlet pages, each cached (one URL again and again) and
uncached (a different URL at every request), and, in the same run, the same server sending
a static file of the home page's size through whitenoise: the limit. The CPU time the
server's processes spend per request is read from /proc around each run: on a shared,
noisy machine it moves less than wall-clock rates do. Last, the uncached and cached
article page (and, briefly, the uncached home and outlet pages) are timed and profiled in
this process through Django's test Client, with their SQL.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import itertools
import json
import os
import pstats
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
OUTLETS_CSV = REPO / "src" / "depeches" / "sources" / "data" / "morocco-outlets.csv"
POSTGRES_URL = os.environ.get("DEPECHES_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

OUTLETS = 60
FULL_TEXT_EVERY = 3  # every third outlet shows full text, the others excerpts
PICTURES = 300
SPAN = timedelta(days=730)
WARM_UP = 2.0  # seconds of load before each measured run
STATIC_PATH = "bench/home-size.html"  # under STATIC_ROOT, served by whitenoise
TARGET_CACHED = 2.0  # cached pages within 2x of the static file (req/s and p50)
TARGET_UNCACHED_ARTICLE_P99 = 50.0  # ms

# wrk: every thread walks its own stride of a list of paths (or repeats the URL's own path
# when there is none), and the main state prints the summary as one JSON line.
WRK_SCRIPT = """
local threads, counter = {}, 0
function setup(thread)
  thread:set("slot", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  paths = {}
  if args[1] and args[1] ~= "" then
    for line in io.lines(args[1]) do paths[#paths + 1] = line end
  end
  step = tonumber(args[2] or "1")
  position = slot + 1
  wrapped = 0
end
function request()
  if #paths == 0 then return wrk.format() end
  local path = paths[position]
  position = position + step
  if position > #paths then position = (position - 1) % #paths + 1; wrapped = 1 end
  return wrk.format(nil, path)
end
function done(summary, latency, requests)
  local wrapped = 0
  for _, thread in ipairs(threads) do wrapped = wrapped + (thread:get("wrapped") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.6f, "bytes": %d, "errors": %d, "p50": %.3f,'
    .. ' "p99": %.3f, "wrapped": %d}\\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, wrapped))
end
"""


@dataclass
class Case:
    page: str
    mode: str
    paths: list[str]  # one path: the same URL every time; several: each used once
    note: str = ""
    connections: int = 0  # 0: --connections


@dataclass
class Result:
    requests: int
    seconds: float
    bytes: int
    errors: int
    p50: float  # ms
    p99: float  # ms
    wrapped: int = 0
    cpu: float = 0.0  # seconds of CPU the server's processes spent during the run

    @property
    def cpu_per_request(self) -> float:
        return self.cpu / max(self.requests, 1) * 1000  # ms

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def size(self) -> float:
        return self.bytes / max(self.requests, 1)


@dataclass
class Run:
    client: str
    database: str
    articles: int
    populate_seconds: float
    server: str
    results: list[tuple[Case, Result]] = field(default_factory=list)


def main() -> int:
    options = parse_arguments()
    if not (CORPUS / "fr.jsonl").exists() or not (CORPUS / "ar.jsonl").exists():
        print(f"{CORPUS} is absent: nothing to measure")
        return 0
    client = choose_client(options.client)
    data = Path(tempfile.mkdtemp(prefix="depeches-bench-web-"))
    os.environ["DEPECHES_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DEPECHES_CACHE", None)
    database = PostgresDatabase() if options.postgres else None
    try:
        if database:
            os.environ["DATABASE_URL"] = database.create()
        return benchmark(options, client, data)
    finally:
        if database:
            database.drop()
        if not options.keep:
            shutil.rmtree(data, ignore_errors=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per case")
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--postgres", action="store_true", help=f"a new database on {POSTGRES_URL}")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--image-rows",
        type=int,
        default=0,
        help="more Image rows (sharing the few picture files) used as lead pictures: the "
        "database of a site where most articles have their own picture",
    )
    parser.add_argument("--profile-requests", type=int, default=300)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table too")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    return parser.parse_args()


def choose_client(wanted: str) -> str:
    if wanted in ("auto", "wrk") and shutil.which("wrk"):
        return "wrk"
    if wanted == "wrk":
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    return "python"


def benchmark(options: argparse.Namespace, client: str, data: Path) -> int:
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    sample = populate(options.articles, options.image_rows)
    populate_seconds = time.perf_counter() - started
    print(f"{options.articles} articles stored in {populate_seconds:.0f} s", flush=True)
    port = options.port or free_port()
    home = render_in_process("/", port)
    write_static_file(data, home)
    cases = make_cases(sample)
    connection.close()  # the server's workers open their own
    run = Run(
        client=client,
        database=connection.vendor,
        articles=options.articles,
        populate_seconds=populate_seconds,
        server="",
    )
    with WebServer(port) as server:
        run.server = server.describe()
        load = wrk_load if client == "wrk" else python_load
        for case in cases:
            warm, measured = split_paths(case.paths)
            connections = case.connections or options.connections
            load(port, warm, WARM_UP, connections, data)
            cpu = server.cpu_seconds()
            result = load(port, measured, options.duration, connections, data)
            result.cpu = server.cpu_seconds() - cpu
            run.results.append((case, result))
            print(f"  {case.page:8} {case.mode:9} {result.rate:8.0f} req/s", flush=True)
    report(run, options)
    profile_pages(sample, port, options.profile_requests)
    return 0


def setup_django() -> None:
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "depeches.settings")
    django.setup()
    call_command("migrate", verbosity=0)
    # Pages name fingerprinted static files: the manifest must exist to render them here.
    call_command("collectstatic", interactive=False, verbosity=0)


class PostgresDatabase:
    """A database of the bench's own on the PostgreSQL server, dropped at the end."""

    def __init__(self) -> None:
        self.name = f"depeches_bench_web_{os.getpid()}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> str:
        self.admin(f'CREATE DATABASE "{self.name}"')
        return f"{POSTGRES_URL}/{self.name}"

    def drop(self) -> None:
        from django.db import connections

        connections.close_all()
        self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- the database -------------------------------------------------------------------------


def read_corpus() -> list[dict]:
    """French and Arabic articles, shuffled once (fixed seed) so that every stretch of
    time has both languages and all rubriques."""
    rows = []
    for language in ("fr", "ar"):
        with (CORPUS / f"{language}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line) if line.strip() else {}
                if row.get("title") and (row.get("body") or row.get("summary")):
                    rows.append(row)
    random.Random(2026).shuffle(rows)
    return rows


def outlet_names() -> dict[str, list[str]]:
    """Names of real Moroccan outlets (one per site) from the packaged list, by language."""
    names: dict[str, list[str]] = {"fr": [], "ar": []}
    seen = set()
    if OUTLETS_CSV.exists():
        with OUTLETS_CSV.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                host = urlsplit(row["home"] or row["url"]).hostname
                if row["lang"] in names and host not in seen:
                    seen.add(host)
                    names[row["lang"]].append(row["name"].split(" - ")[0])
    return names


def make_outlets() -> dict[str, list]:
    from django.utils.text import slugify

    from depeches.sources.models import Feed, Outlet

    names = outlet_names()
    counts = {"fr": OUTLETS * 3 // 5, "ar": OUTLETS - OUTLETS * 3 // 5}
    outlets, slugs = [], set()
    for language, count in counts.items():
        for index in range(count):
            pool = names[language]
            name = pool[index] if index < len(pool) else f"Média {language} {index + 1}"
            slug = slugify(name) or f"media-{language}-{index + 1}"
            while slug in slugs:
                slug += "-2"
            slugs.add(slug)
            number = len(outlets)
            outlets.append(
                Outlet(
                    slug=slug,
                    name=name,
                    home_url=f"https://{slug}.example.ma/",
                    language=language,
                    display_mode=(
                        Outlet.DisplayMode.FULL
                        if number % FULL_TEXT_EVERY == 0
                        else Outlet.DisplayMode.EXCERPT
                    ),
                    request_delay=1.0,
                )
            )
    Outlet.objects.bulk_create(outlets)
    outlets = list(Outlet.objects.order_by("pk"))
    now = now_utc()
    Feed.objects.bulk_create(
        Feed(
            outlet=outlet,
            url=f"{outlet.home_url}feed/",
            format=Feed.Format.RSS,
            last_status=200,
            last_checked_at=now,
            last_success_at=now,
        )
        for outlet in outlets
    )
    return {
        language: [outlet for outlet in outlets if outlet.language == language]
        for language in ("fr", "ar")
    }


def now_utc():
    from django.utils import timezone

    return timezone.now()


def make_pictures(count: int) -> list:
    """Small JPEG and WebP pictures, each different, stored as the crawler stores them."""
    import hashlib

    from PIL import Image as Picture
    from PIL import ImageDraw

    from depeches.images.download import DownloadedImage
    from depeches.images.storage import store_image

    pictures = []
    for index in range(count):
        rng = random.Random(index)
        width, height = rng.choice([(800, 450), (960, 540), (640, 480), (1200, 675)])
        picture = Picture.new("RGB", (width, height), tuple(rng.randrange(256) for _ in "rgb"))
        draw = ImageDraw.Draw(picture)
        for _ in range(12):
            x, y = rng.randrange(width), rng.randrange(height)
            box = (x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 200))
            draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in "rgb"))
        kind = ("WEBP", "image/webp", "webp") if index % 4 == 3 else ("JPEG", "image/jpeg", "jpg")
        output = io.BytesIO()
        picture.save(output, format=kind[0], quality=70)
        content = output.getvalue()
        downloaded = DownloadedImage(
            url=f"https://cdn.example.ma/{index}.{kind[2]}",
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            content_type=kind[1],
            extension=kind[2],
            width=width,
            height=height,
        )
        pictures.append(store_image(downloaded, downloaded.url))
    return pictures


def more_image_rows(pictures: list, count: int) -> list:
    """`count` Image rows of distinct (made-up) hashes, each pointing at the files of one of
    the real pictures: the rows of a database where most articles have a picture of their
    own, without writing as many files."""
    from depeches.images.models import Image

    rows = [
        Image(
            source_url=f"https://cdn.example.ma/more/{index}.jpg",
            sha256=f"{index:064x}",
            phash=picture.phash,
            width=picture.width,
            height=picture.height,
            content_type=picture.content_type,
            file=picture.file,
            thumbnail=picture.thumbnail,
        )
        for index, picture in zip(range(count), itertools.cycle(pictures), strict=False)
    ]
    return Image.objects.bulk_create(rows, batch_size=2000)


def populate(count: int, image_rows: int = 0) -> dict:
    """`count` articles over two years and 60 outlets; 40 % with a lead picture, 10 % with
    a picture in their text too. Returns what the cases need."""
    from django.db import connection, transaction

    from depeches.articles.models import Article, Rubrique
    from depeches.articles.rubriques import rubrique_for
    from depeches.articles.sanitize import paragraphs_to_html
    from depeches.images.models import ArticleImage
    from depeches.web.content_version import bump_content_version

    corpus = read_corpus()
    outlets = make_outlets()
    pictures = make_pictures(PICTURES)
    leads = pictures + more_image_rows(pictures, image_rows)
    rubriques = {rubrique.slug: rubrique for rubrique in Rubrique.objects.all()}
    prepared = []
    for row in corpus:
        slug = rubrique_for([row.get("category") or ""], urlsplit(row.get("url") or "").path)
        body = (row.get("body") or row.get("summary") or "").strip()
        paragraphs = paragraphs_to_html(body).split("\n")
        prepared.append((row, rubriques.get(slug or ""), body, paragraphs))
    rng = random.Random(20261128)
    now = now_utc()
    start = now - SPAN
    step = SPAN / count
    batch = 2000
    for first in range(0, count, batch):
        articles, uses = [], []
        for index in range(first, min(first + batch, count)):
            row, rubrique, body, paragraphs = prepared[index % len(prepared)]
            cycle = index // len(prepared)
            language = "ar" if row["lang"] == "ar" else "fr"
            pool = outlets[language]
            outlet = pool[rng.randrange(len(pool))]
            published = min(now, start + step * index + timedelta(minutes=rng.uniform(-30, 30)))
            lead = leads[rng.randrange(len(leads))] if index % 5 < 2 else None
            inline = pictures[rng.randrange(PICTURES)] if index % 10 == 0 else None
            if inline is not None and inline == lead:
                inline = None
            html = paragraphs
            if inline is not None:
                figure = (
                    f'<figure><img src="/images/{inline.pk}/" alt="">'
                    f"<figcaption>{row['title'][:60]}</figcaption></figure>"
                )
                html = [*paragraphs[:1], figure, *paragraphs[1:]]
            article = Article(
                outlet=outlet,
                url=f"{outlet.home_url}article/{index}",
                canonical_url=f"{outlet.home_url}article/{index}",
                guid=f"{outlet.slug}-{index}",
                title=row["title"] if cycle == 0 else f"{row['title']} ({cycle + 1})",
                lead=(row.get("summary") or "").strip(),
                text=body,
                html="\n".join(html),
                language=language,
                author=row.get("author") or "",
                published_at=published,
                fetched_at=published + timedelta(minutes=5),
                updated_at=published + timedelta(minutes=5),
                rubrique=rubrique,
                fingerprint=f"{index:064x}",
                extraction=Article.Extraction.DONE,
            )
            articles.append(article)
            for position, picture in enumerate(p for p in (lead, inline) if p is not None):
                uses.append((article, picture, position, lead is not None and position == 0))
        with transaction.atomic():
            Article.objects.bulk_create(articles)
            ArticleImage.objects.bulk_create(
                ArticleImage(article_id=a.pk, image=p, position=n, is_lead=is_lead)
                for a, p, n, is_lead in uses
            )
    bump_content_version()
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of such an insert. Not on SQLite: nothing runs
        # ANALYZE there, in production either.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return sample_pages(outlets)


def sample_pages(outlets: dict[str, list]) -> dict:
    """The URLs the cases ask for."""
    from django.db.models import Count

    from depeches.articles.models import Article
    from depeches.sources.models import Outlet
    from depeches.web.pagination import PER_PAGE

    full = Outlet.objects.filter(display_mode=Outlet.DisplayMode.FULL)
    # The cached article: the latest full-text article with a lead picture (the fullest page).
    article = (
        Article.objects.filter(outlet__in=full, image_uses__is_lead=True).order_by("-pk").first()
    )
    count_by_outlet = dict(
        Article.objects.values_list("outlet_id")
        .annotate(n=Count("pk"))
        .values_list("outlet_id", "n")
    )
    ids = list(Article.objects.values_list("pk", flat=True))
    random.Random(4).shuffle(ids)
    return {
        "article": article.pk,
        "article_ids": ids[:-1000],
        "profile_ids": ids[-1000:],  # never asked of the server: cold for the profile too
        "outlet": outlets["fr"][0].slug,
        "outlets": [outlet.slug for pool in outlets.values() for outlet in pool],
        # The deepest page every outlet has, up to 50.
        "last_page": min(50, min(count_by_outlet.values()) // PER_PAGE),
    }


def make_cases(sample: dict) -> list[Case]:
    """Uncached: the page cache's key is the host and the full path (query included), so a
    distinct URL is a certain miss. Articles: a distinct id at every request. Home and
    outlets: the page's own URL with an extra query parameter the view ignores (`?v=N`),
    so exactly the same page is rendered, but never found in the cache."""
    many = 200_000  # more than any run can ask for
    outlets = sample["outlets"]
    last = max(2, sample["last_page"])
    ids = sample["article_ids"]
    loaded, alone = ids[: len(ids) // 2], ids[len(ids) // 2 :]
    static = Case("static", "file", [f"/static/{STATIC_PATH}"], "whitenoise")
    # The static file is measured before, between and after the pages: each page is compared
    # with the static runs on either side of it, so that a noisy neighbour's burst on this
    # shared machine weighs on both sides of a ratio.
    return [
        static,
        Case("home", "cached", ["/"]),
        Case("article", "cached", [f"/article/{sample['article']}/"]),
        Case("outlet", "cached", [f"/source/{sample['outlet']}/"]),
        static,
        Case("home", "uncached", [f"/?v={n}" for n in range(many)], "/?v=N"),
        Case("article", "uncached", [f"/article/{pk}/" for pk in loaded], "distinct ids"),
        # The same, one reader at a time: the page's own latency, without queueing.
        Case(
            "article",
            "uncached",
            [f"/article/{pk}/" for pk in alone],
            "distinct ids, 1 connection",
            connections=1,
        ),
        Case(
            "outlet",
            "uncached",
            [f"/source/{outlets[n % len(outlets)]}/?v={n}" for n in range(many)],
            "60 outlets, ?v=N",
        ),
        Case(
            "outlet",
            "uncached",
            [
                f"/source/{outlets[n % len(outlets)]}/?page={2 + n // len(outlets) % (last - 1)}"
                f"&v={n}"
                for n in range(many)
            ],
            f"pages 2-{last}",
        ),
        static,
    ]


def split_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """A warm-up's paths and the measured run's, never the same URL in both."""
    if len(paths) == 1:
        return paths, paths
    cut = len(paths) // 5
    return paths[:cut], paths[cut:]


def render_in_process(path: str, port: int) -> bytes:
    from django.test import Client

    response = Client(HTTP_HOST=f"127.0.0.1:{port}").get(path)
    assert response.status_code == 200, response.status_code
    return response.content


def write_static_file(data: Path, home: bytes) -> None:
    """The home page's own bytes as a static file: whitenoise reads STATIC_ROOT when the
    server starts, and collectstatic (run by `depeches web`) leaves other files in place."""
    target = data / "static" / STATIC_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(home)


# --- the server and the load --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    """`depeches web --port P`, as an operator starts it."""

    def __init__(self, port: int) -> None:
        executable = Path(sys.executable).with_name("depeches")
        command = [str(executable)] if executable.exists() else [sys.executable, "-m", "depeches"]
        self.command = [*command, "web", "--port", str(port)]
        self.url = f"http://127.0.0.1:{port}/"

    def __enter__(self) -> WebServer:
        import httpx

        self.process = subprocess.Popen(self.command, env=os.environ.copy())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{' '.join(self.command)} exited ({self.process.returncode})")
            try:
                if httpx.get(self.url, timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the web server did not answer")

    def cpu_seconds(self) -> float:
        """User and system CPU time of gunicorn's master (this process) and its workers."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # a process that just ended
                continue
            pid, parent = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, parent):
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def describe(self) -> str:
        from django.conf import settings

        workers, threads = settings.DEPECHES_WEB_WORKERS, settings.DEPECHES_WEB_THREADS
        return f"depeches web: gunicorn, {workers} workers x {threads} threads (the defaults)"

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk_load(port: int, paths: list[str], seconds: float, connections: int, data: Path) -> Result:
    script = data / "bench.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    listed = ""
    if len(paths) > 1:
        listed = str(data / "paths.txt")
        Path(listed).write_text("\n".join(paths) + "\n", encoding="utf-8")
    threads = min(2, connections)
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s",
        "-s", str(script), f"http://127.0.0.1:{port}{paths[0]}", "--", listed, str(threads),
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return Result(**json.loads(line.removeprefix("BENCH ")))


def python_load(port: int, paths: list[str], seconds: float, connections: int, _: Path) -> Result:
    """The fallback without wrk: one thread per connection, each a persistent httpx client,
    timing every request. Slower than wrk (the GIL): its ceiling shows in the static row."""
    import httpx

    lock = threading.Lock()
    latencies: list[float] = []
    totals = {"bytes": 0, "errors": 0, "wrapped": 0}
    # Clients are made (and connected) before the clock starts: making one takes a while.
    base = f"http://127.0.0.1:{port}"
    clients = [httpx.Client(base_url=base, timeout=30) for _ in range(connections)]
    for client in clients:
        client.get(paths[-1])
    start = threading.Barrier(connections + 1)
    deadline = 0.0

    def worker(slot: int) -> None:
        mine, size, errors, position = [], 0, 0, slot
        client = clients[slot]
        start.wait()
        while time.perf_counter() < deadline:
            path = paths[position % len(paths)]
            position += connections
            began = time.perf_counter()
            response = client.get(path)
            mine.append(time.perf_counter() - began)
            size += len(response.content)
            errors += response.status_code != 200
        with lock:
            latencies.extend(mine)
            totals["bytes"] += size
            totals["errors"] += errors
            totals["wrapped"] += len(paths) > 1 and position >= len(paths)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start.wait()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    for client in clients:
        client.close()
    latencies.sort()
    return Result(
        requests=len(latencies),
        seconds=elapsed,
        bytes=totals["bytes"],
        errors=totals["errors"],
        p50=percentile(latencies, 50) * 1000,
        p99=percentile(latencies, 99) * 1000,
        wrapped=totals["wrapped"],
    )


def percentile(ordered: list[float], rank: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(len(ordered) * rank / 100))]


# --- the report ---------------------------------------------------------------------------


def static_around(run: Run, index: int) -> Result:
    """The static runs just before and after case `index`, averaged (rates and latencies)."""
    statics = [n for n, (case, _) in enumerate(run.results) if case.page == "static"]
    before = [n for n in statics if n < index][-1:]
    after = [n for n in statics if n > index][:1]
    chosen = [run.results[n][1] for n in before + after] or [run.results[index][1]]
    return Result(
        requests=sum(result.requests for result in chosen),
        seconds=sum(result.seconds for result in chosen),
        bytes=sum(result.bytes for result in chosen),
        errors=0,
        p50=sum(result.p50 for result in chosen) / len(chosen),
        p99=sum(result.p99 for result in chosen) / len(chosen),
        cpu=sum(result.cpu for result in chosen),
    )


def rows(run: Run) -> list[list[str]]:
    table = []
    for index, (case, result) in enumerate(run.results):
        static = static_around(run, index)
        if case.page == "static":
            mode, slower, later, costlier = case.mode, "", "", ""
        else:
            mode = f"{case.mode} ({case.note})" if case.note else case.mode
            slower = f"{static.rate / result.rate:.2f}x"
            later = f"{result.p50 / static.p50:.2f}x"
            costlier = f"{result.cpu_per_request / static.cpu_per_request:.2f}x"
        table.append(
            [
                case.page,
                mode,
                f"{result.size / 1024:.1f}",
                f"{result.rate:.0f}",
                f"{result.p50:.1f}",
                f"{result.p99:.1f}",
                slower,
                later,
                f"{result.cpu_per_request:.2f}",
                costlier,
            ]
        )
    return table


COLUMNS = [
    "page",
    "mode",
    "KB",
    "req/s",
    "p50 ms",
    "p99 ms",
    "static/page req/s",
    "p50/static",
    "server CPU ms/req",
    "CPU/static",
]


def verdicts(run: Run) -> list[str]:
    lines = []
    for index, (case, result) in enumerate(run.results):
        if result.wrapped:
            lines.append(f"{case.page} {case.mode}: the run ran out of URLs and repeated some")
        if result.errors:
            lines.append(f"{case.page} {case.mode}: {result.errors} requests failed or timed out")
        if case.mode == "cached":
            static = static_around(run, index)
            slower, later = static.rate / result.rate, result.p50 / static.p50
            costlier = result.cpu_per_request / static.cpu_per_request
            met = slower <= TARGET_CACHED and later <= TARGET_CACHED
            lines.append(
                f"{case.page} cached within {TARGET_CACHED:g}x of the static file: "
                f"{'met' if met else 'NOT met'} (req/s {slower:.2f}x, p50 {later:.2f}x; "
                f"server CPU per request {costlier:.2f}x)"
            )
        if case.page == "article" and case.mode == "uncached":
            if case.connections:
                lines.append(f"  (with {case.connections} connection: p99 {result.p99:.1f} ms)")
                continue
            met = result.p99 <= TARGET_UNCACHED_ARTICLE_P99
            lines.append(
                f"article uncached p99 <= {TARGET_UNCACHED_ARTICLE_P99:g} ms: "
                f"{'met' if met else 'NOT met'} ({result.p99:.1f} ms)"
            )
    return lines


def report(run: Run, options: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.table import Table

    title = (
        f"reader pages, {run.articles} articles on {run.database}"
        f"{f' (+{options.image_rows} image rows)' if options.image_rows else ''}; {run.server}; "
        f"{options.connections} connections, {options.duration:g} s per case ({run.client})"
    )
    caption = (
        "ratios: against the static runs just before and after the page's run; "
        f"database filled in {run.populate_seconds:.0f} s"
    )
    table = Table(title=title, caption=caption)
    for index, column in enumerate(COLUMNS):
        table.add_column(column, justify="left" if index < 2 else "right")
    for row in rows(run):
        table.add_row(*row[: len(COLUMNS)])
    console = Console(width=max(Console().width, 150))
    console.print(table)
    for line in verdicts(run):
        console.print(line)
    if options.markdown:
        print()
        print("| " + " | ".join(COLUMNS) + " |")
        print("| --- | --- | " + " | ".join("---:" for _ in COLUMNS[2:]) + " |")
        for row in rows(run):
            print("| " + " | ".join(row[: len(COLUMNS)]) + " |")
    summary = {
        f"{n} {case.page} {case.mode}{' ' + case.note if case.note else ''}": {
            "rps": round(result.rate, 1),
            "p50_ms": round(result.p50, 2),
            "p99_ms": round(result.p99, 2),
            "cpu_ms": round(result.cpu_per_request, 3),
        }
        for n, (case, result) in enumerate(run.results)
    }
    print(json.dumps(summary))


def profile_pages(sample: dict, port: int, count: int) -> None:
    """The article page in this process, through Django's test Client, uncached (ids the
    server never served) then cached (one URL): time a page, its SQL, and the profile."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client(HTTP_HOST=f"127.0.0.1:{port}")
    ids = sample["profile_ids"]
    for pk in ids[:20]:  # templates, translations and URL resolvers loaded once
        client.get(f"/article/{pk}/")
    uncached = [f"/article/{pk}/" for pk in ids[20 : 20 + count]]
    profile_page(client, "uncached article page", uncached, count // 3, functions=20)
    cached = [f"/article/{sample['article']}/"] * (count * 3)
    client.get(cached[0])  # rendered and kept: every request below finds it
    profile_page(client, "cached article page", cached, count, functions=12)
    # The other uncached pages, more briefly: their time and their SQL.
    homes = [f"/?profile={n}" for n in range(count // 4)]
    profile_page(client, "uncached home page", homes, len(homes) // 2)
    outlets = sample["outlets"]
    listed = [f"/source/{outlets[n % len(outlets)]}/?profile={n}" for n in range(count // 2)]
    profile_page(client, "uncached outlet page", listed, len(listed) // 2)
    print(
        "a request's own database connection (the server opens one per request on SQLite): "
        f"{connection_cost():.2f} ms"
    )


def profile_page(client, label: str, paths: list[str], timed: int, functions: int = 0) -> None:
    """Time `timed` pages without the profiler, with their SQL, then profile the others.

    The test Client keeps the database connection between requests, where the server
    opens one per request (SQLite: CONN_MAX_AGE 0): connection_cost() times that apart."""
    from django.db import connection

    sql = SqlTimer()
    began = time.perf_counter()
    with connection.execute_wrapper(sql):
        for path in paths[:timed]:
            assert client.get(path).status_code == 200
    plain = (time.perf_counter() - began) / timed * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths[timed:]:
        client.get(path)
    profiler.disable()
    print(
        f"\n{label} in process: {plain:.2f} ms a page (without the profiler); SQL: "
        f"{sql.count / timed:.1f} queries, {sql.seconds / timed * 1000:.2f} ms a page"
    )
    for statement, (calls, seconds) in sorted(sql.by_statement.items(), key=lambda i: -i[1][1]):
        print(f"  {calls / timed:4.1f}x {seconds / calls * 1000:6.2f} ms  {statement[:110]}")
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"profile of {len(paths) - timed} pages, inclusive share of the time:")
    for name, share in hot_spots(stats):
        print(f"  {share / total:6.1%}  {name}")
    if functions:
        output = io.StringIO()
        stats.stream = output
        stats.strip_dirs().sort_stats("tottime").print_stats(functions)
        listing = output.getvalue().splitlines()
        start = next(n for n, line in enumerate(listing) if "ncalls" in line)
        print("\n".join(listing[start:]).rstrip())


# Where a reader page's time goes: (label, file name ending, function name), inclusive times.
SPOTS = [
    ("the view (depeches.web.views)", "web/views.py", None),
    ("template rendering (render)", "django/shortcuts.py", "render"),
    ("queries: the ORM, compiling SQL to fetching rows", "models/query.py", "_fetch_all"),
    ("  of which compiling SQL (as_sql)", "sql/compiler.py", "as_sql"),
    ("  of which SQLite / PostgreSQL executing", "backends/utils.py", "_execute"),
    ("article HTML: lxml parse, pictures (prepare_article_html)", "article_html.py", None),
    ("URL reversing (reverse)", "urls/base.py", "reverse"),
    ("template variable lookups (_resolve_lookup)", "template/base.py", "_resolve_lookup"),
    ("translations (gettext)", "trans_real.py", "gettext"),
    ("page cache (cache.get/set)", "backends/locmem.py", None),
    ("CSRF token and cookie (get_token)", "middleware/csrf.py", "get_token"),
    ("Content-Security-Policy header", "middleware/csp.py", None),
    ("locale middleware (language from the request)", "middleware/locale.py", None),
]


def hot_spots(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Each spot's inclusive time: the cumulative time of its outermost functions only."""
    found = []
    for label, filename, function in SPOTS:
        matching = {
            key
            for key in stats.stats
            if key[0].endswith(filename) and (function is None or key[2] == function)
        }
        seconds = 0.0
        for key in matching:
            _, _, _, cumulative, callers = stats.stats[key]
            # Count calls from outside the spot only, so that nested calls are not counted twice.
            outer = [caller for caller in callers if caller not in matching]
            if outer or not callers:
                seconds += sum(callers[caller][3] for caller in outer) if callers else cumulative
        found.append((label, seconds))
    return found


class SqlTimer:
    """connection.execute_wrapper: the count and time of each statement."""

    def __init__(self) -> None:
        self.count, self.seconds, self.by_statement = 0, 0.0, {}

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - began
            self.count += 1
            self.seconds += spent
            key = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", " ".join(sql.split()))
            calls, seconds = self.by_statement.get(key, (0, 0.0))
            self.by_statement[key] = (calls + 1, seconds + spent)


def connection_cost() -> float:
    """What a request pays for its own database connection (ms): opening it, its set-up
    statements and, on SQLite, reading the schema for its first query."""
    from django.db import connection

    from depeches.web.models import ContentVersion

    def first_query(reconnect: bool) -> float:
        began = time.perf_counter()
        for _ in range(50):
            if reconnect:
                connection.close()
            ContentVersion.objects.filter(pk=1).first()
        return (time.perf_counter() - began) / 50 * 1000

    first_query(False)
    return first_query(True) - first_query(False)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
