"""Every saved real-world and conformance feed of ../shared/corpus goes through parsing."""

import gzip

import pytest

from depeches.crawl.feeds import parse_feed


def feed_files(corpus):
    folders = [corpus / "feeds", corpus / "feeds-malformed"]
    return sorted(path for folder in folders for path in folder.rglob("*") if path.is_file())


def test_every_saved_feed_parses_without_an_exception(shared_corpus):
    files = feed_files(shared_corpus)
    assert len(files) > 2000
    outcomes = {"entries": 0, "flagged": 0}
    for path in files:
        content = path.read_bytes()
        if path.suffix == ".gz":
            content = gzip.decompress(content)
        parsed = parse_feed(content, f"https://example.test/{path.name}")
        outcomes["entries"] += len(parsed.entries)
        outcomes["flagged"] += bool(parsed.error_code)
        for entry in parsed.entries:
            assert entry.link or entry.title
            assert entry.published is None or entry.published.tzinfo is not None
    assert outcomes["entries"] > 300


@pytest.mark.parametrize("name", ["feed-test-malformed.xml"], ids=["rss-parser not well-formed"])
def test_a_real_broken_feed_keeps_its_readable_entries(shared_corpus, name):
    path = next((shared_corpus / "feeds-malformed").rglob(name))
    parsed = parse_feed(path.read_bytes(), "https://example.test/feed")
    assert parsed.error_code == "malformed_feed"
    assert parsed.entries
