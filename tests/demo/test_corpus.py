"""Loading JSONL corpora and folding their outlets into stand-in sites (no Django, no HTTP)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from depeches.demo.corpus import (
    CorpusArticle,
    fold_outlets,
    load_corpus,
    parse_published,
    share_sites,
    slugify,
)

SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def record(article_id: str, **fields) -> dict:
    base = {
        "id": article_id,
        "lang": "fr",
        "outlet": "Le Quotidien",
        "title": f"Titre {article_id}",
        "published": "2026-11-20T09:15:00+01:00",
        "category": "politique",
        "url": f"https://example.test/{article_id}",
        "body": "Premier paragraphe.\n\nSecond paragraphe.",
    }
    return base | fields


def write_jsonl(path: Path, lines: list[dict | str]) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def articles(spec: dict[tuple[str, str], int]) -> list[CorpusArticle]:
    """``{(language, outlet): count}`` -> that many articles, dated one hour apart."""
    made = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for (language, outlet), count in spec.items():
        for k in range(count):
            made.append(
                CorpusArticle(
                    id=f"{language}-{outlet}-{k}",
                    lang=language,
                    outlet=outlet,
                    title=f"{outlet} {k}",
                    published=start + timedelta(hours=len(made)),
                    category="monde",
                    url=f"https://example.test/{len(made)}",
                    body="Texte.",
                )
            )
    return made


# --------------------------------------------------------------------------- loading


def test_a_good_line_becomes_an_article_with_an_aware_date(tmp_path):
    path = write_jsonl(
        tmp_path / "fr.jsonl",
        [record("a", summary="Chapô", author=None, story="port", licence="ignored")],
    )
    load = load_corpus([path])
    assert load.problems == []
    [article] = load.articles
    assert article.published == datetime(2026, 11, 20, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert article.summary == "Chapô" and article.author is None and article.story == "port"
    assert article.paragraphs == ["Premier paragraphe.", "Second paragraphe."]


def test_a_bare_date_is_midnight_utc():
    assert parse_published("2011-02-17") == datetime(2011, 2, 17, tzinfo=UTC)


def test_bad_lines_are_reported_with_file_and_line_and_skipped(tmp_path):
    path = write_jsonl(
        tmp_path / "fr.jsonl",
        [
            record("ok-1"),
            "{not json",
            {k: v for k, v in record("no-title").items() if k != "title"},
            record("bad-date", published="le 20 novembre"),
            record("naive", published="2026-11-20T09:15:00"),
            record("ok-1", title="again"),
            "[1, 2]",
            record("number-title", title=42),
            "",
            record("ok-2"),
        ],
    )
    load = load_corpus([path])
    assert [article.id for article in load.articles] == ["ok-1", "ok-2"]
    assert load.problems[0].startswith("fr.jsonl:2: not JSON")
    assert load.problems[1:] == [
        "fr.jsonl:3: missing field 'title'",
        "fr.jsonl:4: unparseable date 'le 20 novembre' in 'published'",
        "fr.jsonl:5: date '2026-11-20T09:15:00' in 'published' has no UTC offset",
        "fr.jsonl:6: duplicate id 'ok-1' (first at fr.jsonl:1)",
        "fr.jsonl:7: not a JSON object but list",
        "fr.jsonl:8: field 'title' is int, not a string",
    ]


def test_duplicates_are_found_across_files_and_invalid_utf8_is_a_problem(tmp_path):
    first = write_jsonl(tmp_path / "fr.jsonl", [record("same")])
    second = tmp_path / "ar.jsonl"
    second.write_bytes(json.dumps(record("same")).encode() + b"\n\xff\xfe\n")
    load = load_corpus([first, second])
    assert len(load.articles) == 1
    assert load.problems[0] == "ar.jsonl:1: duplicate id 'same' (first at fr.jsonl:1)"
    assert load.problems[1].startswith("ar.jsonl:2: not valid UTF-8")


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_corpus([tmp_path / "absent.jsonl"])


# --------------------------------------------------------------------------- folding


def test_without_n_each_outlet_is_a_site_and_a_bilingual_outlet_is_two():
    corpus = articles({("fr", "Le Matin"): 3, ("ar", "Le Matin"): 2, ("fr", "Médias 24"): 1})
    sites = fold_outlets(corpus)
    assert [(site.name, site.slug, site.language) for site in sites] == [
        ("Le Matin", "le-matin", "ar"),
        ("Le Matin (2)", "le-matin-2", "fr"),
        ("Médias 24", "medias-24", "fr"),
    ]
    assert sum(len(site.articles) for site in sites) == len(corpus)


def test_folding_gives_exactly_n_single_language_sites_sharing_languages_by_size():
    corpus = articles(
        {("fr", f"Journal {k}"): 10 + k for k in range(12)}
        | {("ar", f"جريدة {k}"): 5 for k in range(6)}
    )
    sites = fold_outlets(corpus, 6)
    assert len(sites) == 6
    languages = [site.language for site in sites]
    assert languages.count("fr") == 5 and languages.count("ar") == 1  # 186 vs 30 articles
    for site in sites:
        assert {article.lang for article in site.articles} == {site.language}
        assert list(site.articles) == sorted(site.articles, key=lambda a: (a.published, a.id))
    assert sorted(a.id for site in sites for a in site.articles) == sorted(a.id for a in corpus)


def test_folding_balances_article_counts_within_a_language():
    counts = {"A": 9, "B": 8, "C": 7, "D": 3, "E": 2, "F": 1}
    corpus = articles({("fr", name): count for name, count in counts.items()})
    sizes = sorted(len(site.articles) for site in fold_outlets(corpus, 3))
    assert sizes == [10, 10, 10]


def test_a_site_is_named_after_its_largest_outlet_with_unique_ascii_slugs():
    corpus = articles(
        {("ar", "الجزيرة"): 5, ("ar", "هسبريس"): 4, ("ar", "Al Aoual"): 1, ("fr", "Le360"): 2}
    )
    sites = fold_outlets(corpus, 3)
    by_language = {site.language: site for site in sites if site.language == "fr"}
    assert by_language["fr"].name == "Le360"
    arabic = [site for site in sites if site.language == "ar"]
    assert [site.name for site in arabic] == ["الجزيرة", "هسبريس"]
    # No Latin letters in the names: the slug comes from the site's domain.
    assert [site.slug for site in arabic] == ["example", "example-2"]
    assert all(site.slug.isascii() for site in sites)


def test_folding_is_deterministic_whatever_the_input_order():
    corpus = articles({("fr", f"J{k}"): k + 1 for k in range(9)} | {("ar", "A"): 4})
    shuffled = corpus[:]
    random.Random(7).shuffle(shuffled)
    assert fold_outlets(corpus, 4) == fold_outlets(shuffled, 4)


def test_asking_for_more_sites_than_outlets_gives_one_per_outlet():
    corpus = articles({("fr", "A"): 2, ("fr", "B"): 1, ("ar", "C"): 1})
    assert len(fold_outlets(corpus, 10)) == 3


def test_fewer_sites_than_languages_is_refused():
    corpus = articles({("fr", "A"): 2, ("ar", "B"): 1})
    with pytest.raises(ValueError, match="cannot fold 2 languages"):
        fold_outlets(corpus, 1)
    with pytest.raises(ValueError, match="at least 1"):
        fold_outlets(corpus, 0)


def test_share_sites_gives_every_language_one_even_when_tiny():
    assert share_sites(4, {"ar": 1, "fr": 999}, {"ar": 3, "fr": 10}) == {"ar": 1, "fr": 3}


def test_slugify_drops_accents_and_keeps_ascii():
    assert slugify("L'Économiste & Médias 24") == "l-economiste-medias-24"
    assert slugify("هسبريس") == ""


@pytest.mark.shared_corpus
def test_the_shared_corpus_folds_into_ten_sites():
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent ({SHARED_CORPUS})")
    articles_dir = SHARED_CORPUS / "articles"
    load = load_corpus([articles_dir / "fr.jsonl", articles_dir / "ar.jsonl"])
    assert load.problems == []
    assert len(load.articles) == 4500
    sites = fold_outlets(load.articles, 10)
    assert len(sites) == 10
    assert {site.language for site in sites} == {"fr", "ar"}
    assert len({site.slug for site in sites}) == 10
    assert sum(len(site.articles) for site in sites) == 4500
