"""Search benchmark: 200 fixed queries over a generated database, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--articles 1000000] [--backend sqlite|postgresql|both]
        [--rounds 3] [--json FILE] [--data DIR] [--keep | --reuse]

A database (SQLite under DIR/sqlite-N; PostgreSQL: the database depeches_bench_search_N on
DEPECHES_BENCH_POSTGRES_URL) is filled with N articles made from ../shared/corpus/articles
(4,500 French and Arabic articles): each generated article takes one corpus article's title
and text and a paragraph of another article of its language, and is spread over five years,
60 outlets and the rubriques. Articles are written straight to their table (executemany on
SQLite, COPY on PostgreSQL), their documents in the same batches from terms normalised once
per corpus paragraph (the terms search.normalize gives the whole text); the index is built
at once at the end (FTS5 'rebuild'; the GIN index created after the rows). Both are timed.
The databases are dropped after the run unless --keep; --reuse measures the ones a kept run
left (DIR/*/build.json tells their build) and builds only those missing.

200 queries in seven classes (French and Arabic words, phrases, operators, filters, date
sort with and without a date range) run through depeches.search.engine as the page runs
them (count, ranking, the 20 articles of the first page and their snippets), pinned to one
core, each query `--rounds` times. Next to them, the bare backend query on the same data,
in the same run: the one statement a plain use of the backend would send for the same first
page (FTS5 `ORDER BY rank` / `ORDER BY rowid DESC`; PostgreSQL `ORDER BY ts_rank` /
`ORDER BY key DESC`), which is the limit the page's search is measured against.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
POSTGRES_URL = os.environ.get("DEPECHES_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

OUTLETS = 60
YEARS = 5
END = datetime(2026, 6, 1, tzinfo=UTC)
SEED = 20260601
WRITE_BATCH = 5000
CLASSES = {
    "fr_word": 30,
    "ar_word": 30,
    "phrase": 30,
    "operators": 30,
    "filtered": 30,
    "date_sorted": 25,
    "date_range_sorted": 25,
}
TARGET_P95_MS = 50.0
TARGET_SIZE_RATIO = 1.5


# --- the corpus and the queries (no database) --------------------------------------------


def load_corpus() -> list[dict]:
    articles = []
    for language in ("fr", "ar"):
        with open(CORPUS / f"{language}.jsonl", encoding="utf-8") as lines:
            articles.extend(json.loads(line) for line in lines)
    return articles


def fixed_queries(corpus: list[dict]) -> list[tuple[str, str, dict]]:
    """(class, query text, form filters): the same 200 queries at every run."""
    from depeches.search.normalize import words
    from depeches.search.stopwords import is_stopword

    rng = random.Random(SEED)
    title_words = {"fr": Counter(), "ar": Counter()}
    pairs = {"fr": [], "ar": []}
    for article in corpus:
        kept = [
            w
            for w in article["title"].split()
            if len(w) > 3 and not is_stopword(words(w)[0] if words(w) else "")
        ]
        title_words[article["lang"]].update(w.strip(",.:;!?«»\"'()") for w in kept)
        tokens = article["title"].split()
        for first, second in zip(tokens, tokens[1:], strict=False):
            if len(first) > 3 and len(second) > 3:
                pairs[article["lang"]].append(f'"{first} {second}"'.replace(",", ""))
    common = {
        lang: [w for w, n in counts.most_common(400) if n >= 3]
        for lang, counts in title_words.items()
    }
    rare = {
        lang: [w for w, n in counts.items() if n == 1 and w.isalpha()]
        for lang, counts in title_words.items()
    }
    pick = rng.choice
    queries = []
    for n in range(CLASSES["fr_word"]):
        queries.append(("fr_word", pick(common["fr"] if n % 3 else rare["fr"]), {}))
    for n in range(CLASSES["ar_word"]):
        queries.append(("ar_word", pick(common["ar"] if n % 3 else rare["ar"]), {}))
    for n in range(CLASSES["phrase"]):
        queries.append(("phrase", pick(pairs["fr"] if n % 2 else pairs["ar"]), {}))
    for n in range(CLASSES["operators"]):
        lang = "fr" if n % 2 else "ar"
        a, b = pick(common[lang]), pick(common[lang])
        form = [
            f"{a} -{b}",
            f"{a} OR {b}",
            f"intitle:{a}",
            f"{a} {pick(common['ar' if lang == 'fr' else 'fr'])}",
            f"{a} OR {b} -{pick(common[lang])}",
        ]
        queries.append(("operators", form[n % len(form)], {}))
    for n in range(CLASSES["filtered"]):
        lang = "fr" if n % 2 else "ar"
        word = pick(common[lang])
        year = END.year - 1 - n % YEARS
        forms = [
            (f"{word} source:outlet-{n % OUTLETS}", {}),
            (f"{word} lang:{lang}", {}),
            (f"{word} after:{year}-03-01 before:{year}-04-01", {}),
            (word, {"period": "30d"}),
            (f"{word} rubrique:{pick(['politique', 'economie', 'sport', 'monde', 'societe'])}", {}),
        ]
        query, form = forms[n % len(forms)]
        queries.append(("filtered", query, form))
    for n in range(CLASSES["date_sorted"]):
        queries.append(("date_sorted", pick(common["fr" if n % 2 else "ar"]), {"sort": "date"}))
    for n in range(CLASSES["date_range_sorted"]):
        year = END.year - 1 - n % YEARS
        word = pick(common["fr" if n % 2 else "ar"])
        queries.append(
            (
                "date_range_sorted",
                f"{word} after:{year}-01-01 before:{year}-07-01",
                {"sort": "date"},
            )
        )
    return queries


# --- one backend's run (a child process with its own database settings) ------------------


def run_backend(articles: int, rounds: int, build_file: Path) -> dict:
    import django

    django.setup()
    from depeches.search.backends import backend

    corpus = load_corpus()
    if build_file.exists():
        build = json.loads(build_file.read_text())
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        build = {"articles": articles, **fill(corpus, articles)}
        build.update(text_and_index_size(backend()))
        build_file.write_text(json.dumps(build))
    pin_to_one_core()
    return {**build, "timings": time_queries(fixed_queries(corpus), rounds)}


def prepare(corpus: list[dict]) -> tuple[list[dict], dict[str, list[int]]]:
    """Each corpus article with its terms, normalised once per paragraph."""
    from depeches.search.normalize import index_terms

    by_language = defaultdict(list)
    prepared = []
    for source in corpus:
        paragraphs = [p for p in source["body"].split("\n\n") if p.strip()]
        prepared.append(
            {
                "language": source["lang"],
                "title": source["title"],
                "title_terms": " ".join(index_terms(source["title"])),
                "lead": source.get("summary") or "",
                "lead_terms": " ".join(index_terms(source.get("summary") or "")),
                "paragraphs": paragraphs,
                "paragraph_terms": [" ".join(index_terms(p)) for p in paragraphs],
            }
        )
        by_language[source["lang"]].append(len(prepared) - 1)
    return prepared, by_language


def generated(corpus: list[dict], count: int, outlet_ids: list[int], rubrique_ids: list[int]):
    """Batches of (article values, document row): `count` articles, oldest first."""
    from depeches.search.backends.base import DocumentRow
    from depeches.search.keys import document_key

    rng = random.Random(SEED)
    prepared, by_language = prepare(corpus)
    span = YEARS * 365 * 86400
    # Oldest first: the indexes grow at their end, as they do in use.
    offsets = sorted((rng.randrange(span) for _ in range(count)), reverse=True)
    keys: set[int] = set()
    for start in range(0, count, WRITE_BATCH):
        batch = []
        for number in range(start, min(count, start + WRITE_BATCH)):
            base = prepared[number % len(prepared)]
            other = prepared[rng.choice(by_language[base["language"]])]
            extra = [rng.randrange(len(other["paragraphs"]))] if other["paragraphs"] else []
            paragraphs = base["paragraphs"] + [other["paragraphs"][n] for n in extra]
            body_terms = base["paragraph_terms"] + [other["paragraph_terms"][n] for n in extra]
            article_id = number + 1
            outlet = rng.randrange(OUTLETS)
            published = END - timedelta(seconds=offsets[number])
            key = document_key(published, article_id)
            while key in keys:  # two articles of one second: the next free slot
                key += 1
            keys.add(key)
            url = f"https://outlet-{outlet}.example/{number}"
            article = {
                "id": article_id,
                "outlet_id": outlet_ids[outlet],
                "url": url,
                "canonical_url": url,
                "title": base["title"],
                "lead": base["lead"],
                "text": "\n\n".join(paragraphs),
                "language": base["language"],
                "published_at": published,
                "fetched_at": published,
                "updated_at": published,
                "rubrique_id": rng.choice(rubrique_ids),
            }
            row = DocumentRow(
                key=key,
                article_id=article_id,
                outlet_id=article["outlet_id"],
                rubrique_id=article["rubrique_id"],
                language=base["language"],
                title=base["title_terms"],
                lead=base["lead_terms"],
                body=" ".join(t for t in body_terms if t),
            )
            batch.append((article, row))
        yield batch


def fill(corpus: list[dict], count: int) -> dict:
    """Write `count` articles and build their index; the seconds each took."""
    from django.db import connection, transaction

    from depeches.articles.models import Article, Rubrique
    from depeches.sources.models import Outlet

    outlets = Outlet.objects.bulk_create(
        Outlet(slug=f"outlet-{n}", name=f"Outlet {n}", language="fr" if n % 2 else "ar")
        for n in range(OUTLETS)
    )
    rubriques = list(Rubrique.objects.values_list("pk", flat=True))
    writer = ArticleWriter(Article, connection)
    index = SqliteBulkIndex() if connection.vendor == "sqlite" else PostgresBulkIndex()
    fill_seconds = build_seconds = 0.0
    index.start()
    done = 0
    for batch in generated(corpus, count, [o.pk for o in outlets], rubriques):
        with transaction.atomic():
            started = time.monotonic()
            writer.write([article for article, _ in batch])
            fill_seconds += time.monotonic() - started
            started = time.monotonic()
            index.write([row for _, row in batch])
            build_seconds += time.monotonic() - started
        done += len(batch)
        print(f"  {done} articles written and indexed", file=sys.stderr, end="\r", flush=True)
    print(file=sys.stderr)
    started = time.monotonic()
    index.finish()
    build_seconds += time.monotonic() - started
    return {"fill_seconds": fill_seconds, "build_seconds": build_seconds}


class ArticleWriter:
    """Article rows in bulk, straight to the table: executemany on SQLite, COPY on
    PostgreSQL (no model instances, no signals)."""

    def __init__(self, model, connection):
        self.connection = connection
        self.fields = [f for f in model._meta.concrete_fields]
        template = model(extraction=model.Extraction.DONE)
        self.defaults = {
            f.attname: f.get_db_prep_save(getattr(template, f.attname), connection)
            for f in self.fields
        }
        self.dates = [f for f in self.fields if f.get_internal_type() == "DateTimeField"]
        self.table = model._meta.db_table
        self.columns = ", ".join(f.column for f in self.fields)

    def values(self, article: dict) -> tuple:
        row = {**self.defaults, **article}
        for field in self.dates:
            row[field.attname] = field.get_db_prep_save(row[field.attname], self.connection)
        return tuple(row[f.attname] for f in self.fields)

    def write(self, articles: list[dict]) -> None:
        rows = [self.values(article) for article in articles]
        if self.connection.vendor == "postgresql":
            copy_rows(self.connection, self.table, self.columns, rows)
            return
        marks = ", ".join("%s" for _ in self.fields)
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows)


def copy_rows(connection, table: str, columns: str, rows: list[tuple]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


class SqliteBulkIndex:
    """Documents written without the FTS5 trigger, then FTS5 built at once ('rebuild')."""

    def start(self) -> None:
        execute("PRAGMA synchronous=OFF")
        execute("DROP TRIGGER search_document_inserted")

    def write(self, rows: list) -> None:
        from django.db import connection

        from depeches.search.backends.sqlite import document_tags

        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document"
                " (key, article_id, outlet_id, rubrique_id, language, title, lead, body, tags)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        r.key,
                        r.article_id,
                        r.outlet_id,
                        r.rubrique_id,
                        r.language,
                        r.title,
                        r.lead,
                        r.body,
                        document_tags(r.outlet_id, r.rubrique_id, r.language),
                    )
                    for r in rows
                ],
            )

    def finish(self) -> None:
        import importlib

        from depeches.search.backends import backend

        fts = importlib.import_module("depeches.search.migrations.0002_sqlite_fts")
        execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        execute(next(s for s in fts.CREATE if "search_document_inserted" in s))
        backend().compact()


def execute(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)


class PostgresBulkIndex:
    """Documents written through the backend with the GIN index dropped, then the index
    built at once."""

    INDEX = "CREATE INDEX search_document_vector ON search_document USING gin (vector)"

    def start(self) -> None:

        execute("DROP INDEX search_document_vector")

    def write(self, rows: list) -> None:
        from depeches.search.backends import backend

        backend().write(rows)

    def finish(self) -> None:
        from django.db import connection

        from depeches.search.backends import backend

        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(self.INDEX)
        backend().compact()


def text_and_index_size(found) -> dict:
    from django.db import connection

    length = "octet_length" if connection.vendor == "postgresql" else "length"
    cast = "%s" if connection.vendor == "postgresql" else "CAST(%s AS BLOB)"
    columns = " + ".join(f"{length}({cast % column})" for column in ("title", "lead", "text"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum({columns}) FROM articles_article")
        text_bytes = cursor.fetchone()[0]
    return {"text_bytes": int(text_bytes), "index_bytes": int(found.size_bytes())}


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def time_queries(queries, rounds: int) -> list[dict]:
    from django.utils import timezone

    from depeches.search.engine import Filters, articles_of, resolve, run_search
    from depeches.search.query import parse_query
    from depeches.search.results import results_for

    now = timezone.now()
    timings = []
    for kind, text, form in queries:
        filters = Filters(**{k: v for k, v in form.items() if k != "sort"})
        sort = form.get("sort", "relevance")
        search, _, _ = resolve(parse_query(text), filters, now)

        def page(text=text, filters=filters, sort=sort):
            outcome = run_search(text, filters, sort, now)
            articles = articles_of(list(outcome.results[:20]))
            results_for(articles, outcome.parsed.highlighted_terms())
            return outcome.total

        def bare(search=search, sort=sort):
            return bare_query(search, sort)

        total = page()
        bare()  # warm
        page_times, bare_times = [], []
        for _ in range(rounds):
            page_times.append(timed(page))
            bare_times.append(timed(bare))
        timings.append(
            {
                "class": kind,
                "query": text,
                "form": form,
                "total": total,
                "page_ms": page_times,
                "bare_ms": bare_times,
            }
        )
    return timings


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def bare_query(search, sort: str) -> list:
    """The backend's own idiom for the first 20 results, as one statement."""
    from django.db import connection

    from depeches.search.backends import postgresql, sqlite

    if connection.vendor == "sqlite":
        where, params = sqlite.SqliteBackend()._where(search)
        order = "search_fts.rowid DESC" if sort == "date" or not search.has_terms else "rank"
        sql = f"SELECT search_fts.rowid FROM search_fts WHERE {where} ORDER BY {order} LIMIT 20"
    else:
        conditions, query = postgresql.PostgresBackend()._where(search)
        if conditions is None:
            return []
        where, params = conditions.sql, conditions.params
        if sort == "date" or query is None:
            sql = f"SELECT key FROM search_document WHERE {where} ORDER BY key DESC LIMIT 20"
        else:
            sql = (
                f"SELECT key FROM search_document WHERE {where}"
                " ORDER BY ts_rank(vector, %s::tsquery) DESC LIMIT 20"
            )
            params = [*params, query]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- the parent: one child per backend, then the table -----------------------------------


def child(backend_name: str, args: argparse.Namespace) -> dict:
    """One backend's run in a child process; its database is built unless kept from before."""
    import shutil

    env = os.environ.copy()
    env["DJANGO_SETTINGS_MODULE"] = "depeches.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    data = args.data / f"{backend_name}-{args.articles}"
    build_file = data / "build.json"
    database = f"depeches_bench_search_{args.articles}"
    keep = args.keep or args.reuse
    if not (args.reuse and build_file.exists()):
        shutil.rmtree(data, ignore_errors=True)
        if backend_name == "postgresql":
            admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin(f'CREATE DATABASE "{database}"')
    data.mkdir(parents=True, exist_ok=True)
    env["DEPECHES_DATA"] = str(data)
    if backend_name == "postgresql":
        env["DATABASE_URL"] = f"{POSTGRES_URL}/{database}"
    else:
        env.pop("DATABASE_URL", None)
    try:
        output = data / "result.json"
        command = [sys.executable, __file__, "--child", "--articles", str(args.articles)]
        command += ["--rounds", str(args.rounds), "--json", str(output)]
        subprocess.run(command, env=env, check=True)
        return json.loads(output.read_text())
    finally:
        if not keep:
            shutil.rmtree(data, ignore_errors=True)
            if backend_name == "postgresql":
                admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(name: str, result: dict) -> str:
    lines = [
        f"### {name}: {result['articles']:,} articles",
        "",
        f"Rows written in {result['fill_seconds']:.0f} s; "
        f"index built in {result['build_seconds']:.0f} s; "
        f"text {result['text_bytes'] / 1e6:,.0f} MB, index {result['index_bytes'] / 1e6:,.0f} MB "
        f"({result['index_bytes'] / result['text_bytes']:.2f}x the text; "
        f"target <= {TARGET_SIZE_RATIO}x).",
        "",
        "| class | queries | page p50 | p95 | p99 | page q/s | bare p50 | bare p95 | bare p99 "
        "| bare q/s | page/bare (p95) | median matches |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    by_class = defaultdict(list)
    for timing in result["timings"]:
        by_class[timing["class"]].append(timing)
    for kind in [*CLASSES, "all"]:
        group = result["timings"] if kind == "all" else by_class[kind]
        page = [t for timing in group for t in timing["page_ms"]]
        bare = [t for timing in group for t in timing["bare_ms"]]
        matches = statistics.median(timing["total"] for timing in group)
        p95, bare95 = percentile(page, 0.95), percentile(bare, 0.95)
        lines.append(
            f"| {kind} | {len(group)} | {percentile(page, 0.5):.1f} "
            f"| {p95:.1f}{'' if p95 <= TARGET_P95_MS else ' ✗'} | "
            f"{percentile(page, 0.99):.1f} | {1000 / statistics.mean(page):.0f} "
            f"| {percentile(bare, 0.5):.1f} | "
            f"{bare95:.1f} | {percentile(bare, 0.99):.1f} | {1000 / statistics.mean(bare):.0f} | "
            f"{p95 / bare95:.2f} | {matches:,.0f} |"
        )
    slowest = sorted(result["timings"], key=lambda t: -max(t["page_ms"]))[:5]
    lines += [
        "",
        "Slowest queries (page, ms): "
        + "; ".join(f"`{t['query']}` {max(t['page_ms']):.0f}" for t in slowest),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "depeches-bench-search"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases built")
    parser.add_argument(
        "--reuse", action="store_true", help="use the databases kept by an earlier run (keeps)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        build_file = args.json.with_name("build.json")
        args.json.write_text(json.dumps(run_backend(args.articles, args.rounds, build_file)))
        return
    names = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = {}
    for name in names:
        print(f"{name}: {args.articles:,} articles…", file=sys.stderr)
        results[name] = child(name, args)
        print(report(name, results[name]) + "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results))


if __name__ == "__main__":
    main()
