"""Sitemaps read as feeds: real sitemaps from the shared corpus, the stand-ins' news sitemap,
and the broken ones outlets serve."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import httpx
import pytest

from depeches.crawl import sitemaps
from depeches.crawl.sitemaps import (
    SitemapTooLarge,
    gunzip_capped,
    parse_sitemap,
    sitemap_children,
    w3c_datetime,
)

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://fr.example.ma/politique/un-article-123.html</loc>
    <lastmod>2026-11-20T10:00:00+01:00</lastmod>
    <news:news>
      <news:publication><news:name>Le Journal</news:name><news:language>fr</news:language>
      </news:publication>
      <news:publication_date>2026-11-20T09:15:00+01:00</news:publication_date>
      <news:title>Le port de Tanger Med
        bat un record</news:title>
    </news:news>
    <image:image><image:loc>/images/123.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://fr.example.ma/societe/autre-124.html</loc>
    <lastmod>2026-11-19</lastmod>
  </url>
</urlset>
"""


def corpus_file(shared_corpus, name: str) -> bytes:
    return (shared_corpus / "feeds" / "trafilatura" / name).read_bytes()


# --------------------------------------------------------------------------- urlset


def test_a_news_sitemap_gives_titles_dates_and_images():
    parsed = parse_sitemap(NEWS_SITEMAP, "https://fr.example.ma/news-sitemap.xml")
    assert (parsed.format, parsed.error_code, parsed.children) == ("sitemap", "", [])
    assert (parsed.title, parsed.language, parsed.link) == (
        "Le Journal",
        "fr",
        "https://fr.example.ma/",
    )
    first, second = parsed.entries
    assert first.link == first.guid == "https://fr.example.ma/politique/un-article-123.html"
    assert first.title == "Le port de Tanger Med bat un record"
    # news:publication_date wins over lastmod; both are read in UTC.
    assert first.published == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert first.image_url == "https://fr.example.ma/images/123.jpg"
    assert (second.title, second.image_url) == ("", "")
    assert second.published == datetime(2026, 11, 19, tzinfo=UTC)


@pytest.mark.shared_corpus
def test_a_real_sitemap_gives_one_entry_per_url(shared_corpus):
    parsed = parse_sitemap(corpus_file(shared_corpus, "sitemap.xml"), "https://www.sitemaps.org/")
    assert parsed.error_code == "" and len(parsed.entries) == 84
    assert parsed.entries[0].link == "https://www.sitemaps.org/"
    assert all(entry.published == datetime(2016, 11, 21, tzinfo=UTC) for entry in parsed.entries)
    assert len({entry.link for entry in parsed.entries}) == 84


@pytest.mark.shared_corpus
def test_a_gzipped_sitemap_reads_like_the_plain_one(shared_corpus):
    plain = parse_sitemap(corpus_file(shared_corpus, "sitemap.xml"), "https://www.sitemaps.org/")
    gzipped = corpus_file(shared_corpus, "sitemap.xml.gz")
    assert gzipped.startswith(b"\x1f\x8b")
    parsed = parse_sitemap(gzipped, "https://www.sitemaps.org/sitemap.xml.gz")
    assert parsed.error_code == "" and parsed.entries == plain.entries


@pytest.mark.shared_corpus
def test_hreflang_alternates_are_not_entries(shared_corpus):
    content = corpus_file(shared_corpus, "sitemap-hreflang.xml")
    parsed = parse_sitemap(content, "http://www.example.com/sitemap.xml")
    assert [entry.link for entry in parsed.entries] == [
        "http://www.example.com/english/page.html",
        "http://www.example.com/deutsch/page.html",
        "http://www.example.com/schweiz-deutsch/page.html",
    ]


def test_the_standins_sitemap_matches_their_articles(standin):
    site = standin.sites[0]
    with httpx.Client(timeout=10) as client:
        response = client.get(site.url("/sitemap.xml"))
        truth = client.get(site.url("/_standin/articles.json")).json()
    parsed = parse_sitemap(response.content, str(response.url))
    assert parsed.error_code == "" and parsed.title == site.name
    by_link = {entry.link: entry for entry in parsed.entries}
    assert set(by_link) == {record["url"] for record in truth}
    for record in truth:
        entry = by_link[record["url"]]
        assert entry.title == record["title"]
        assert entry.published == datetime.fromisoformat(record["published"])
        assert entry.image_url == record["image_url"]


# --------------------------------------------------------------------------- index


@pytest.mark.shared_corpus
def test_a_sitemap_index_names_its_children(shared_corpus):
    content = corpus_file(shared_corpus, "sitemap2.xml")
    parsed = parse_sitemap(content, "http://www.example.com/sitemap_index.xml")
    assert (parsed.entries, parsed.error_code, parsed.format) == ([], "", "sitemap")
    # The second <loc> is in a CDATA section.
    children = ["http://www.example.com/sitemap1.xml.gz", "http://www.example.com/sitemap2.xml.gz"]
    assert parsed.children == children and parsed.is_index
    assert parsed.children_lastmod[children[1]] == datetime(2005, 1, 1, tzinfo=UTC)
    assert sitemap_children(content) == children


def test_children_of_anything_else_are_none():
    assert sitemap_children(NEWS_SITEMAP) == []
    assert sitemap_children(b"<rss version='2.0'><channel/></rss>") == []


# --------------------------------------------------------------------------- broken sitemaps


def test_a_cut_off_sitemap_keeps_what_was_read():
    content = NEWS_SITEMAP.split(b"</url>")[0] + b"</url>\n<url><loc>https://fr.example.ma/x"
    parsed = parse_sitemap(content, "https://fr.example.ma/news-sitemap.xml")
    assert parsed.error_code == "malformed_sitemap" and parsed.error_detail
    assert [entry.link for entry in parsed.entries][0].endswith("un-article-123.html")


def test_a_raw_ampersand_keeps_the_whole_url():
    content = b"<urlset><url><loc>https://x.ma/?p=1&lang=fr</loc></url></urlset>"
    parsed = parse_sitemap(content, "https://x.ma/sitemap.xml")
    assert [entry.link for entry in parsed.entries] == ["https://x.ma/?p=1&lang=fr"]
    assert parsed.error_code == "malformed_sitemap" and "raw &" in parsed.error_detail


@pytest.mark.parametrize(
    "content",
    [b"", b"<html><body>Not found</body></html>", b"<rss version='2.0'><channel/></rss>", b"{}"],
)
def test_what_is_no_sitemap_says_so(content):
    parsed = parse_sitemap(content, "https://x.ma/sitemap.xml")
    assert (parsed.entries, parsed.format, parsed.error_code) == ([], "", "not_a_sitemap")


def test_a_gzip_bomb_is_stopped(monkeypatch):
    bomb = gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>")
    with pytest.raises(SitemapTooLarge):
        gunzip_capped(bomb, limit=100_000)
    monkeypatch.setattr(sitemaps, "MAX_SITEMAP_BYTES", 100_000)
    assert parse_sitemap(bomb, "https://x.ma/s.xml.gz").error_code == "body_too_large"


def test_broken_gzip_is_a_malformed_sitemap():
    parsed = parse_sitemap(b"\x1f\x8b\x08\x00garbage", "https://x.ma/s.xml.gz")
    assert (parsed.error_code, parsed.entries) == ("malformed_sitemap", [])
    cut_off = gzip.compress(NEWS_SITEMAP)[:-20]  # inside the second <url>
    parsed = parse_sitemap(cut_off, "https://fr.example.ma/news-sitemap.xml.gz")
    assert parsed.error_code == "malformed_sitemap" and "gzip" in parsed.error_detail
    assert parsed.entries[0].title == "Le port de Tanger Med bat un record"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
        ("2026-11", datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-11-20T10:00Z", datetime(2026, 11, 20, 10, tzinfo=UTC)),
        ("2026-11-20T10:00:00.5+01:00", datetime(2026, 11, 20, 9, 0, 0, 500000, tzinfo=UTC)),
        ("2026-11-20T10:00:00", datetime(2026, 11, 20, 10, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_w3c_datetimes(value, expected):
    assert w3c_datetime(value) == expected
