"""Discovery over HTTP against made-up sites (httpx.MockTransport: nothing leaves the process).

The stand-in outlets each serve one feed; these sites show what they do not: several feed
links, robots.txt rules on feed paths, sitemap indexes.
"""

from __future__ import annotations

import httpx
import pytest

from depeches.crawl.fetcher import Fetcher
from depeches.sources.probe import DiscoveryError, Prober

USER_AGENT = "depeches/0.1 (+https://depeches.invalid/a-propos)"
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml"


def rss(title: str, link: str = "https://journal.ma/", language: str = "fr") -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{link}</link><language>{language}</language>"
        "<item><title>Un titre</title><link>https://journal.ma/a-1</link></item>"
        "</channel></rss>"
    ).encode()


def home(*links: tuple[str, str], lang: str = "fr") -> bytes:
    tags = "".join(
        f'<link rel="alternate" type="{kind}" title="{title}" href="{href}">'
        for kind, href, title in ((*link, link[1]) for link in links)
    )
    return f'<html lang="{lang}"><head><title>Le Journal</title>{tags}</head></html>'.encode()


class Site:
    """A made-up site: path -> (status, content type, body); records what was requested."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]], robots: str = "") -> None:
        self.pages = dict(pages)
        if robots:
            self.pages["/robots.txt"] = (200, "text/plain", robots.encode())
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode()
        self.requested.append(target)
        status, content_type, body = self.pages.get(target, (404, "text/plain", b"not found"))
        return httpx.Response(status, headers={"Content-Type": content_type}, content=body)

    def prober(self) -> Prober:
        fetcher = Fetcher(USER_AGENT, transport=httpx.MockTransport(self))
        return Prober(fetcher, USER_AGENT)


def test_the_main_feed_is_kept_and_the_others_listed():
    site = Site(
        {
            "/": (
                200,
                HTML,
                home(
                    ("application/rss+xml", "/comments/feed/"),
                    ("application/rss+xml", "/category/economie/feed/"),
                    ("application/rss+xml", "/feed/"),
                ),
            ),
            "/feed/": (200, RSS, rss("Le Journal")),
        }
    )
    found = site.prober().discover("https://journal.ma/")
    assert [feed.url for feed in found.kept] == ["https://journal.ma/feed/"]
    assert [feed.url for feed in found.others] == [
        "https://journal.ma/category/economie/feed/",
        "https://journal.ma/comments/feed/",
    ]
    assert (found.home_url, found.title, found.language) == (
        "https://journal.ma/",
        "Le Journal",
        "fr",
    )
    assert (found.kept[0].format, found.kept[0].via) == ("rss", "link")
    # Only the kept feed was fetched.
    assert site.requested == ["/robots.txt", "/", "/feed/"]


def test_all_keeps_every_working_feed_and_reports_the_broken_ones():
    site = Site(
        {
            "/": (
                200,
                HTML,
                home(
                    ("application/rss+xml", "/feed/"),
                    ("application/atom+xml", "/feed/atom/"),
                    ("application/rss+xml", "/comments/feed/"),
                ),
            ),
            "/feed/": (200, RSS, rss("Le Journal")),
            "/feed/atom/": (
                200,
                "application/atom+xml",
                b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>',
            ),
        }
    )
    found = site.prober().discover("https://journal.ma/", keep_all=True)
    assert [(feed.url, feed.format) for feed in found.kept] == [
        ("https://journal.ma/feed/", "rss"),
        ("https://journal.ma/feed/atom/", "atom"),
    ]
    assert [(failure.url, failure.code) for failure in found.failed] == [
        ("https://journal.ma/comments/feed/", "http_not_found")
    ]


def test_a_broken_main_link_falls_back_to_the_next():
    site = Site(
        {
            "/": (
                200,
                HTML,
                home(
                    ("application/rss+xml", "/feed/"), ("application/rss+xml", "/politique/feed/")
                ),
            ),
            "/feed/": (200, HTML, b"<html><body>Oops</body></html>"),
            "/politique/feed/": (200, RSS, rss("Politique")),
        }
    )
    found = site.prober().discover("https://journal.ma/")
    assert [feed.url for feed in found.kept] == ["https://journal.ma/politique/feed/"]
    assert [(failure.url, failure.code) for failure in found.failed] == [
        ("https://journal.ma/feed/", "not_a_feed")
    ]


def test_usual_paths_when_the_page_links_no_feed_and_robots_are_obeyed():
    robots = "User-agent: *\nDisallow: /feed\n\nUser-agent: Googlebot\nDisallow: /rss\n"
    site = Site(
        {
            "/": (200, HTML, home()),
            "/rss": (200, RSS, rss("Le Journal")),
            "/feed": (200, RSS, rss("X")),
        },
        robots=robots,
    )
    found = site.prober().discover("https://journal.ma/")
    assert [(feed.url, feed.via) for feed in found.kept] == [
        ("https://journal.ma/rss", "usual path")
    ]
    # /feed and /feed/ are disallowed: never requested.
    assert site.requested == ["/robots.txt", "/", "/rss"]


def test_a_sitemap_index_leads_to_its_news_sitemap():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://journal.ma/page-sitemap.xml</loc></sitemap>
      <sitemap><loc>https://journal.ma/post-sitemap.xml</loc></sitemap>
      <sitemap><loc>https://journal.ma/post-sitemap2.xml</loc></sitemap>
    </sitemapindex>"""
    posts = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://journal.ma/a-1</loc><lastmod>2026-11-20</lastmod></url></urlset>"""
    site = Site(
        {
            "/": (200, HTML, home()),
            "/sitemaps/index.xml": (200, XML, index),
            "/post-sitemap2.xml": (200, XML, posts),
        },
        robots="User-agent: *\nAllow: /\nSitemap: https://journal.ma/sitemaps/index.xml\n",
    )
    found = site.prober().discover("https://journal.ma/")
    (feed,) = found.kept
    assert (feed.url, feed.format) == ("https://journal.ma/post-sitemap2.xml", "sitemap")
    assert feed.via == "robots.txt, index https://journal.ma/sitemaps/index.xml"
    assert "/page-sitemap.xml" not in site.requested


def test_a_feed_url_is_kept_as_given():
    site = Site({"/rss.xml": (200, RSS, rss("Le Journal", "https://journal.ma/fr/", "ar"))})
    found = site.prober().discover("https://journal.ma/rss.xml")
    assert [(feed.url, feed.via) for feed in found.kept] == [
        ("https://journal.ma/rss.xml", "given")
    ]
    assert (found.home_url, found.title, found.language) == (
        "https://journal.ma/fr/",
        "Le Journal",
        "ar",
    )


def test_nothing_found_says_what_was_tried():
    site = Site({"/": (200, HTML, home())}, robots="User-agent: *\nDisallow: /rss\n")
    with pytest.raises(DiscoveryError) as raised:
        site.prober().discover("https://journal.ma/")
    assert raised.value.code == "no_feed_found"
    assert "disallowed by robots.txt" in raised.value.detail


@pytest.mark.parametrize(
    ("robots", "code"),
    [
        ("User-agent: *\nDisallow: /\n", "robots_disallowed"),
        ("User-agent: *\nAllow: /\n\nUser-agent: depeches\nDisallow: /\n", "robots_disallowed"),
    ],
)
def test_a_disallowed_page_is_never_requested(robots, code):
    site = Site({"/": (200, HTML, home())}, robots=robots)
    with pytest.raises(DiscoveryError) as raised:
        site.prober().discover("https://journal.ma/")
    assert raised.value.code == code
    assert site.requested == ["/robots.txt"]


def test_robots_txt_in_error_forbids_everything():
    site = Site({"/robots.txt": (503, "text/plain", b"busy"), "/": (200, HTML, home())})
    with pytest.raises(DiscoveryError, match="robots_disallowed"):
        site.prober().discover("https://journal.ma/")
    assert site.requested == ["/robots.txt"]


def test_an_unreachable_site_and_a_forbidding_one():
    def refuse(request):
        raise httpx.ConnectError("Connection refused", request=request)

    prober = Prober(Fetcher(USER_AGENT, transport=httpx.MockTransport(refuse)), USER_AGENT)
    with pytest.raises(DiscoveryError, match="connection_error"):
        prober.discover("https://journal.ma/")
    site = Site({"/": (403, HTML, b"Forbidden")})
    with pytest.raises(DiscoveryError, match="http_forbidden"):
        site.prober().discover("https://journal.ma/")


def test_what_is_neither_page_nor_feed_is_not_a_feed():
    site = Site({"/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n...")})
    with pytest.raises(DiscoveryError, match="not_a_feed"):
        site.prober().discover("https://journal.ma/logo.png")
