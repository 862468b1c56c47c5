"""What discovery looks for and which feed it keeps: pure functions, no network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from depeches.sources.addresses import home_key
from depeches.sources.discovery import (
    FoundFeed,
    common_feed_urls,
    extra_depth,
    pick_child_sitemap,
    rank_feeds,
    read_home_page,
    sitemap_candidates,
)

WORDPRESS_HEAD = """<!DOCTYPE html>
<html lang="fr-FR"><head>
<title>Le Journal &#8211; Toute l'actualité</title>
<link rel="alternate" type="application/rss+xml" title="Le Journal &raquo; Flux des commentaires"
      href="https://journal.ma/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="Le Journal &raquo; Économie"
      href="/category/economie/feed/" />
<link rel="alternate" type="application/rss+xml" title="Le Journal &raquo; Flux"
      href="https://journal.ma/feed/" />
<link rel="alternate" type="application/atom+xml" href="https://journal.ma/feed/atom/" />
<link rel="alternate" type="application/json+oembed" href="https://journal.ma/wp-json/oembed" />
<link rel="alternate" hreflang="ar" href="https://journal.ma/ar/" />
<link rel="alternate" type="application/rss+xml" href="https://journal.ma/feed/" />
</head><body></body></html>"""


def urls(feeds: list[FoundFeed]) -> list[str]:
    return [feed.url for feed in feeds]


def test_the_home_page_gives_title_language_and_feed_links():
    page = read_home_page(WORDPRESS_HEAD, "https://journal.ma/")
    assert page.title == "Le Journal – Toute l'actualité"
    assert page.language == "fr"
    # oEmbed and hreflang alternates are no feeds; a repeated link counts once.
    assert urls(page.feeds) == [
        "https://journal.ma/comments/feed/",
        "https://journal.ma/category/economie/feed/",
        "https://journal.ma/feed/",
        "https://journal.ma/feed/atom/",
    ]
    assert [feed.format for feed in page.feeds] == ["rss", "rss", "rss", "atom"]
    assert page.feeds[2].title == "Le Journal » Flux" and page.feeds[2].via == "link"


def test_the_site_wide_feed_is_the_main_one():
    feeds = read_home_page(WORDPRESS_HEAD, "https://journal.ma/").feeds
    assert urls(rank_feeds(feeds, "https://journal.ma/")) == [
        "https://journal.ma/feed/",  # site-wide, listed before its Atom twin
        "https://journal.ma/feed/atom/",
        "https://journal.ma/category/economie/feed/",
        "https://journal.ma/comments/feed/",
    ]


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("https://x.ma/feed", "https://x.ma/sitemap.xml"),  # a feed before a sitemap
        ("https://x.ma/politique/feed", "https://x.ma/comments/feed"),
        ("https://x.ma/rss", "https://x.ma/politique/feed"),  # shallower
        ("https://x.ma/politique/feed", "https://x.ma/tag/maroc/feed/"),
        ("https://x.ma/?feed=rss2", "https://x.ma/?feed=rss2&cat=14390"),
        ("https://x.ma/rss/une.xml", "https://x.ma/rss/sport/football.xml"),
    ],
)
def test_ranking_pairs(better, worse):
    feeds = [FoundFeed(worse, "sitemap" if "sitemap" in worse else "rss")]
    feeds.append(FoundFeed(better, "rss"))
    assert urls(rank_feeds(feeds, "https://x.ma/"))[0] == better


def test_news_sitemaps_come_first_then_the_newest():
    old = datetime(2026, 1, 1, tzinfo=UTC)
    new = datetime(2026, 11, 1, tzinfo=UTC)
    feeds = [
        FoundFeed("https://x.ma/sitemap-2026-01.xml", "sitemap", lastmod=old),
        FoundFeed("https://x.ma/sitemap-2026-11.xml", "sitemap", lastmod=new),
        FoundFeed("https://x.ma/news-sitemap.xml", "sitemap"),
    ]
    assert urls(rank_feeds(feeds, "https://x.ma/")) == [
        "https://x.ma/news-sitemap.xml",
        "https://x.ma/sitemap-2026-11.xml",
        "https://x.ma/sitemap-2026-01.xml",
    ]


@pytest.mark.parametrize(
    ("feed", "home", "depth"),
    [
        ("https://www.lemonde.fr/rss/une.xml", "https://www.lemonde.fr/", 0),
        ("https://ledesk.ma/ar/feed", "https://ledesk.ma/ar/", 0),
        ("https://www.libe.ma/xml/syndication.rss", "https://www.libe.ma/", 0),
        ("https://fr.hespress.com/economie/feed", "https://fr.hespress.com/", 1),
        ("https://x.ma/feed/atom/", "https://x.ma/", 0),
    ],
)
def test_extra_depth(feed, home, depth):
    assert extra_depth(feed, home) == depth


def test_the_child_sitemap_with_the_newest_articles():
    children = [
        "https://x.ma/page-sitemap.xml",
        "https://x.ma/post-sitemap.xml",
        "https://x.ma/post-sitemap2.xml",
        "https://x.ma/post-sitemap12.xml",
        "https://x.ma/category-sitemap.xml",
    ]
    assert pick_child_sitemap(children, {}) == "https://x.ma/post-sitemap12.xml"
    assert pick_child_sitemap([*children, "https://x.ma/news.xml"], {}) == "https://x.ma/news.xml"
    dated = {
        "https://x.ma/sitemap-a.xml": datetime(2026, 11, 2, tzinfo=UTC),
        "https://x.ma/sitemap-b.xml": datetime(2026, 10, 2, tzinfo=UTC),
    }
    assert pick_child_sitemap(list(dated), dated) == "https://x.ma/sitemap-a.xml"
    # An index of pages and categories lists no articles.
    assert pick_child_sitemap(["https://x.ma/page-sitemap.xml"], {}) == ""
    assert pick_child_sitemap([], {}) == ""


def test_sitemap_candidates_declared_first_news_first_once_each():
    declared = ["https://x.ma/sitemap_index.xml", "https://x.ma/sitemaps/news.xml"]
    candidates = sitemap_candidates("https://x.ma/fr/", declared)
    assert urls(candidates) == [
        "https://x.ma/sitemaps/news.xml",
        "https://x.ma/news-sitemap.xml",
        "https://x.ma/sitemap_index.xml",
        "https://x.ma/sitemap.xml",
    ]
    assert [feed.via for feed in candidates][:3] == ["robots.txt", "sitemap path", "robots.txt"]


def test_usual_paths_follow_the_edition():
    assert common_feed_urls("https://ledesk.ma/ar/")[:2] == [
        "https://ledesk.ma/ar/feed",
        "https://ledesk.ma/ar/feed/",
    ]
    assert "https://www.libe.ma/xml/syndication.rss" in common_feed_urls("https://www.libe.ma/")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.medias24.com/", "https://medias24.com", True),
        ("http://ariffino.net/", "https://www.ariffino.net", True),
        ("https://ledesk.ma/", "https://ledesk.ma/ar/", False),
        ("http://127.0.0.1:8001/", "http://127.0.0.1:8002/", False),
    ],
)
def test_home_keys(first, second, same):
    assert (home_key(first) == home_key(second)) is same
