"""Stand-in outlets over real HTTP on 127.0.0.1, with httpx and feedparser as the clients."""

from __future__ import annotations

import gzip
import html
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.robotparser
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import pytest
from PIL import Image

from depeches.demo.corpus import CorpusArticle, load_corpus
from depeches.demo.faults import VALUE_PARSERS, fault_help, parse_faults
from depeches.demo.standin import StandinError, StandinNetwork

SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FEED_SIZE = 3
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"

# (outlet, language, how many articles): five outlets, so five sites of varied profiles.
OUTLETS = [
    ("Le Quotidien d'Essai", "fr", 5),
    ("L'Écho & Cie", "fr", 3),
    ("Hebdo Test", "fr", 2),
    ("صحيفة التجربة", "ar", 4),
    ("الأخبار المحلية", "ar", 2),
]
FRENCH_SLUG = "le-quotidien-d-essai"
# Arabic names have no Latin letters: the slug comes from the site's domain.
ARABIC_SLUG = "origin"


def corpus_lines() -> list[dict]:
    lines = []
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    for outlet, language, count in OUTLETS:
        for _ in range(count):
            number = len(lines)
            published = start + timedelta(hours=7 * number)
            if language == "fr":
                title = f'Tanger Med : record n°{number} & "trafic" <{outlet}>'
                body = "\n\n".join(
                    [
                        f"Le port a traité {number} conteneurs, un record & une <surprise>.",
                        "Les autorités portuaires attribuent cette hausse aux nouvelles lignes.",
                        f"Les opérateurs d'{outlet} prévoient une croissance plus modérée.",
                    ]
                )
            else:
                title = f"افتتاح خط جديد للترامواي رقم {number} في الرباط"
                body = "\n\n".join(
                    [
                        f"دخل الخط {number} حيز الخدمة صباح اليوم بعد أشهر من الأشغال.",
                        "ويربط الخط الجديد وسط المدينة بالأحياء الجنوبية.",
                        "ويتوقع أن ينقل آلاف الركاب يوميا.",
                    ]
                )
            lines.append(
                {
                    "id": f"t-{language}-{number}",
                    "lang": language,
                    "outlet": outlet,
                    "title": title,
                    # One date-only entry, as in the French corpus.
                    "published": "2026-10-30" if number == 1 else published.isoformat(),
                    "category": ("economie", "societe/fait-divers")[number % 2],
                    "url": f"https://origin.example/{number}",
                    "summary": f"Résumé {number}" if language == "fr" else f"ملخص {number}",
                    "body": body,
                    "author": "Nadia Benali" if number % 3 == 0 else None,
                }
            )
    return lines


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[CorpusArticle]:
    path = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in corpus_lines()) + "\n",
        encoding="utf-8",
    )
    load = load_corpus([path])
    assert load.problems == []
    return load.articles


@pytest.fixture(scope="module")
def network(corpus):
    with StandinNetwork(corpus, feed_size=FEED_SIZE) as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10) as http:
        yield http


def site_of(network: StandinNetwork, slug: str):
    return next(site for site in network.sites if site.slug == slug)


def truth(client: httpx.Client, site) -> list[dict]:
    return client.get(site.url("/_standin/articles.json")).json()


def parse_feed(response: httpx.Response) -> feedparser.FeedParserDict:
    return feedparser.parse(response.content, response_headers=dict(response.headers))


def page_of(network, client, slug: str) -> tuple[dict, str]:
    site = site_of(network, slug)
    record = truth(client, site)[0]
    return record, client.get(record["url"]).text


# --------------------------------------------------------------------------- the index


def test_the_index_lists_every_outlet_in_html_and_json(network, client):
    page = client.get(network.index_url)
    assert page.status_code == 200
    for site in network.sites:
        assert html.escape(site.name) in page.text and site.home_url in page.text
    listing = client.get(network.index_url + "outlets.json").json()
    assert [entry["slug"] for entry in listing] == [site.slug for site in network.sites]
    assert {entry["language"] for entry in listing} == {"fr", "ar"}
    for entry, (_, _, count) in zip(
        listing, sorted(OUTLETS, key=lambda o: (o[1], -o[2])), strict=True
    ):
        assert set(entry) == {
            "name",
            "slug",
            "language",
            "home_url",
            "feed_url",
            "feed_format",
            "articles",
        }
        assert entry["articles"] == count
        assert entry["home_url"].startswith("http://127.0.0.1:")


def test_each_outlet_is_its_own_origin_on_127_0_0_1(network):
    ports = {site.port for site in network.sites}
    assert len(ports) == len(network.sites)
    assert all(site.home_url.startswith("http://127.0.0.1:") for site in network.sites)


# --------------------------------------------------------------------------- home and feed


def test_home_pages_announce_their_feed_and_language(network, client):
    for site in network.sites:
        page = client.get(site.home_url)
        assert page.status_code == 200
        feed_type = f"application/{site.feed_format}+xml"
        link = f'<link rel="alternate" type="{feed_type}" title="{html.escape(site.name)}" href="'
        assert link in page.text
        href = page.text.split(link, 1)[1].split('"', 1)[0]
        assert str(httpx.URL(site.home_url).join(href)) == site.feed_url
        direction = 'dir="rtl"' if site.language == "ar" else 'dir="ltr"'
        assert f'<html lang="{site.language}" {direction}>' in page.text
        first = truth(client, site)[0]
        assert f'href="{httpx.URL(first["url"]).path}"' in page.text  # title links
        assert "/images/thumbs/" in page.text


def test_feeds_parse_cleanly_with_the_latest_entries_newest_first(network, client):
    for site in network.sites:
        response = client.get(site.feed_url)
        feed = parse_feed(response)
        assert feed.bozo == 0, (site.slug, feed.get("bozo_exception"))
        expected = truth(client, site)[:FEED_SIZE]
        assert [entry.title for entry in feed.entries] == [item["title"] for item in expected]
        for entry, item in zip(feed.entries, expected, strict=True):
            assert entry.id == item["guid"]
            assert entry.link.split("?")[0].split("#")[0] == item["url"]
            assert entry.tags[0].term == item["category"]
            assert entry.summary
            published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
            assert published.isoformat() == item["published"]
            images = [link.href for link in entry.get("enclosures", [])]
            images += [media["url"] for media in entry.get("media_content", [])]
            assert item["image_url"] in images


def test_both_rss_and_atom_feeds_exist_and_guids_vary(network, client):
    versions = {parse_feed(client.get(site.feed_url)).version for site in network.sites}
    assert {"rss20", "atom10"} <= versions
    guids = [record["guid"] for site in network.sites for record in truth(client, site)]
    assert any(guid.startswith("urn:uuid:") for guid in guids)  # opaque
    urls = {record["url"] for site in network.sites for record in truth(client, site)}
    assert any(guid in urls for guid in guids)  # permalinks


def test_feed_size_zero_means_every_article(corpus, client):
    with StandinNetwork(corpus, feed_size=0) as running:
        site = site_of(running, FRENCH_SLUG)
        assert len(parse_feed(client.get(site.feed_url)).entries) == 5


def test_a_wordpress_shortlink_guid_redirects_to_the_article(network, client):
    shortlinks = [
        record
        for site in network.sites
        for record in truth(client, site)
        if "/?p=" in record["guid"]
    ]
    assert shortlinks
    response = client.get(shortlinks[0]["guid"])
    assert response.status_code == 301
    assert response.headers["location"] == shortlinks[0]["url"]


# --------------------------------------------------------------------------- sitemap, robots


def test_the_sitemap_lists_every_published_article(network, client):
    for site in network.sites:
        response = client.get(site.url("/sitemap.xml"))
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        locs = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
        assert sorted(locs) == sorted(record["url"] for record in truth(client, site))
        assert b"<news:publication_date>" in response.content


def test_robots_allows_everything_and_names_the_sitemap(network, client):
    site = network.sites[0]
    robots = client.get(site.url("/robots.txt")).text
    assert f"Sitemap: {site.url('/sitemap.xml')}" in robots
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(robots.splitlines())
    assert parser.can_fetch("depeches", site.feed_url)


def test_unknown_paths_are_a_404_html_page(network, client):
    response = client.get(network.sites[0].url("/nothing/here.html"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text
    assert client.get(network.index_url + "nothing").status_code == 404


# --------------------------------------------------------------------------- article pages


def test_article_pages_hold_the_corpus_text_inside_realistic_boilerplate(network, client, corpus):
    by_id = {article.id: article for article in corpus}
    for site in network.sites:
        for record in truth(client, site):
            response = client.get(record["url"])
            assert response.status_code == 200
            page = response.text
            article = by_id[record["id"]]
            for paragraph in article.paragraphs:
                assert f"<p>{html.escape(paragraph)}</p>" in page
            titles = [
                f"<title>{html.escape(article.title + separator + site.name)}</title>"
                for separator in (" - ", " | ")
            ]
            assert any(title in page for title in titles)
            assert f'<link rel="canonical" href="{record["url"]}">' in page
            path = httpx.URL(record["image_url"]).path
            assert '<figure class="' in page and f'<img src="{path}" alt="' in page
            assert "<figcaption>" in page and "comment-author" in page
            assert "<footer" in page and "<nav" in page and 'role="dialog"' in page
            read_also = "Lire aussi :" if site.language == "fr" else "اقرأ أيضا:"
            assert read_also in page


def test_the_visible_date_is_written_in_the_outlet_language(network, client):
    record, page = page_of(network, client, FRENCH_SLUG)
    published = datetime.fromisoformat(record["published"])
    assert f"{published.day} novembre 2026" in page
    _, arabic_page = page_of(network, client, ARABIC_SLUG)
    assert "نوفمبر 2026" in arabic_page or "أكتوبر 2026" in arabic_page


def test_layouts_and_metadata_differ_between_outlets(network, client):
    pages = [page_of(network, client, site.slug)[1] for site in network.sites]
    bodies = {page.split("<body class=", 1)[1].split(">", 1)[0] for page in pages}
    assert len(bodies) >= 3  # three layouts
    with_json_ld = [page for page in pages if "application/ld+json" in page]
    assert 0 < len(with_json_ld) < len(pages)
    assert any('property="og:image"' in page for page in pages)
    assert any('property="og:image"' not in page for page in pages)
    data = json.loads(with_json_ld[0].split('type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "NewsArticle"
    assert {"headline", "datePublished", "author", "image"} <= set(data)


def test_lead_pictures_and_thumbnails_are_jpegs(network, client):
    record = truth(client, network.sites[0])[0]
    for url, size in [
        (record["image_url"], (800, 450)),
        (record["image_url"].replace("/images/", "/images/thumbs/"), (320, 180)),
    ]:
        response = client.get(url)
        assert response.headers["content-type"] == "image/jpeg"
        with Image.open(io.BytesIO(response.content)) as picture:
            assert (picture.format, picture.size) == ("JPEG", size)
    again = client.get(record["image_url"])
    assert again.content == client.get(record["image_url"]).content  # deterministic


# --------------------------------------------------------------------------- HTTP manners


@pytest.mark.parametrize("what", ["feed", "home", "article", "sitemap", "image"])
def test_validators_give_304_without_a_body(network, client, what):
    site = network.sites[0]
    record = truth(client, site)[0]
    url = {
        "feed": site.feed_url,
        "home": site.home_url,
        "article": record["url"],
        "sitemap": site.url("/sitemap.xml"),
        "image": record["image_url"],
    }[what]
    first = client.get(url)
    assert first.headers["etag"] and first.headers["last-modified"]
    by_etag = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert by_date.status_code == 304
    stale = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_text_is_gzipped_for_clients_that_ask(network, client):
    site = network.sites[0]
    for url in (site.feed_url, site.home_url, site.url("/sitemap.xml")):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as zipped:
            assert zipped.headers["content-encoding"] == "gzip"
            raw = b"".join(zipped.iter_raw())
        assert gzip.decompress(raw) == plain.content
        assert len(raw) < len(plain.content)


def test_keep_alive_connections_serve_several_requests(network):
    site = network.sites[0]
    with socket.create_connection(("127.0.0.1", site.port), timeout=5) as sock:
        for _ in range(2):
            sock.sendall(b"HEAD /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            head = sock.recv(4096)
            assert head.startswith(b"HTTP/1.1 200") and b"Content-Length:" in head


def test_ground_truth_names_every_published_article(network, client):
    site = site_of(network, FRENCH_SLUG)
    records = truth(client, site)
    assert len(records) == 5 == len(site.articles)
    assert {"id", "url", "title", "published", "lang", "category", "guid", "image_url"} <= set(
        records[0]
    )
    published = [record["published"] for record in records]
    assert published == sorted(published, reverse=True)
    assert all(value.endswith("+00:00") for value in published)


# --------------------------------------------------------------------------- publishing


def test_publish_next_puts_a_new_article_online_dated_now(corpus, client):
    with StandinNetwork(corpus, publish_every=3600, initial=3) as running:
        listing = client.get(running.index_url + "outlets.json").json()
        assert sum(entry["articles"] for entry in listing) == 3
        assert running.pending == len(corpus) - 3
        before = datetime.now(UTC).replace(microsecond=0)
        publication = running.publish_next()
        after = datetime.now(UTC)
        site = publication.site
        newest = truth(client, site)[0]
        assert newest["id"] == publication.article.id
        assert before <= datetime.fromisoformat(newest["published"]) <= after
        feed = parse_feed(client.get(site.feed_url))
        assert feed.entries[0].title == newest["title"]
        assert client.get(newest["url"]).status_code == 200
        listing = client.get(running.index_url + "outlets.json").json()
        assert sum(entry["articles"] for entry in listing) == 4
        while running.publish_next() is not None:
            pass
        assert running.pending == 0
        assert sum(len(site.articles) for site in running.sites) == len(corpus)


def test_publish_every_publishes_by_itself(corpus, client):
    with StandinNetwork(corpus, publish_every=0.05) as running:
        first = sum(len(site.articles) for site in running.sites)
        assert first == (len(corpus) + 1) // 2  # half, rounded up
        deadline = time.monotonic() + 30  # a bound for a stuck publisher, not a speed test
        while running.pending and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running.pending == 0


def test_the_initial_articles_are_the_oldest(corpus):
    with StandinNetwork(corpus, publish_every=3600, initial=4) as running:
        online = sorted(pub.article.published for site in running.sites for pub in site.articles)
        oldest = sorted(article.published for article in corpus)[:4]
        assert online == oldest


# --------------------------------------------------------------------------- faults


def fetch_statuses(url: str, count: int) -> list[int]:
    with httpx.Client(timeout=5) as http:
        return [http.get(url).status_code for _ in range(count)]


def test_latency_delays_but_answers(corpus, client):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:latency=0.2") as running:
        assert client.get(site_of(running, FRENCH_SLUG).feed_url).status_code == 200


def test_error_rate_answers_5xx_with_retry_after_on_503_reproducibly(corpus):
    spec = f"{FRENCH_SLUG}:error=0.5,{FRENCH_SLUG}:retryafter=7"
    runs = []
    for _ in range(2):
        with StandinNetwork(corpus, faults=spec) as running:
            site = site_of(running, FRENCH_SLUG)
            runs.append(fetch_statuses(site.home_url, 40))
            with httpx.Client() as http:
                for _ in range(40):
                    response = http.get(site.home_url)
                    if response.status_code == 503:
                        assert response.headers["retry-after"] == "7"
                        break
                else:
                    pytest.fail("no 503 in 40 requests")
    assert runs[0] == runs[1]
    assert set(runs[0]) <= {200, 500, 502, 503} and 200 in runs[0]
    assert len([status for status in runs[0] if status >= 500]) > 5


def test_ratelimit_answers_429_with_retry_after(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:ratelimit=1") as running:
        response = httpx.get(site_of(running, FRENCH_SLUG).feed_url)
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1"


def test_reset_closes_the_connection_with_an_rst(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:reset=1") as running:
        port = site_of(running, FRENCH_SLUG).port
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            with pytest.raises(ConnectionResetError):
                sock.recv(1024)
        with pytest.raises(httpx.TransportError):
            httpx.get(site_of(running, FRENCH_SLUG).home_url)


def test_a_malformed_feed_is_ill_formed_but_partly_readable(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:malformed") as running:
        response = httpx.get(site_of(running, FRENCH_SLUG).feed_url)
        with pytest.raises(ET.ParseError):
            ET.fromstring(response.content)
        feed = parse_feed(response)
        assert feed.bozo == 1
        assert len(feed.entries) >= 1
        assert "& Cie" in feed.entries[0].title


@pytest.mark.parametrize(
    ("slug", "encoding"), [(ARABIC_SLUG, "windows-1256"), (FRENCH_SLUG, "windows-1252")]
)
def test_charset_encodes_pages_and_feed_and_says_so(corpus, slug, encoding):
    with StandinNetwork(corpus, faults=f"{slug}:charset={encoding}") as running:
        site = site_of(running, slug)
        record = httpx.get(site.url("/_standin/articles.json")).json()[0]
        page = httpx.get(record["url"], headers={"Accept-Encoding": "identity"})
        assert page.headers["content-type"] == f"text/html; charset={encoding}"
        assert f'<meta charset="{encoding}">'.encode() in page.content
        assert html.escape(record["title"]) in page.content.decode(encoding)
        with pytest.raises(UnicodeDecodeError):
            page.content.decode("utf-8")
        feed_response = httpx.get(site.feed_url)
        assert f'encoding="{encoding}"'.encode() in feed_response.content[:100]
        feed = parse_feed(feed_response)
        assert feed.bozo == 0
        assert feed.entries[0].title == record["title"]


def test_wrongcharset_declares_utf8_in_the_header_only(corpus):
    with StandinNetwork(corpus, faults=f"{ARABIC_SLUG}:wrongcharset=windows-1256") as running:
        site = site_of(running, ARABIC_SLUG)
        record = httpx.get(site.url("/_standin/articles.json")).json()[0]
        page = httpx.get(record["url"])
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert b'<meta charset="windows-1256">' in page.content
        with pytest.raises(UnicodeDecodeError):
            page.content.decode("utf-8")
        assert record["title"] in page.content.decode("windows-1256")
        feed = httpx.get(site.feed_url)
        assert feed.headers["content-type"].endswith("charset=utf-8")
        assert b'encoding="windows-1256"' in feed.content[:100]


def test_huge_pads_article_pages_and_the_feed_to_the_size_asked(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:huge=0.5") as running:
        site = site_of(running, FRENCH_SLUG)
        record = httpx.get(site.url("/_standin/articles.json")).json()[0]
        for url in (record["url"], site.feed_url):
            with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
                assert "content-encoding" not in response.headers
                assert int(response.headers["content-length"]) == 500_000
                received = b"".join(response.iter_raw())
            assert len(received) == 500_000
        assert received.rstrip().endswith(b"</rss>") or received.rstrip().endswith(b"</feed>")
        assert parse_feed(httpx.get(site.feed_url)).bozo == 0


def test_redirectloop_bounces_between_two_urls(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:redirectloop") as running:
        site = site_of(running, FRENCH_SLUG)
        first = httpx.get(site.feed_url)
        assert first.status_code == 302
        second = httpx.get(first.headers["location"])
        assert second.headers["location"] == site.feed_url
        record = httpx.get(site.url("/_standin/articles.json")).json()[0]
        with pytest.raises(httpx.TooManyRedirects):
            httpx.get(record["url"], follow_redirects=True)
        assert httpx.get(site.home_url).status_code == 200  # the home page still answers


def test_robots_disallow_forbids_everything(corpus):
    with StandinNetwork(corpus, faults=f"{FRENCH_SLUG}:robots=disallow") as running:
        site = site_of(running, FRENCH_SLUG)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(httpx.get(site.url("/robots.txt")).text.splitlines())
        assert not parser.can_fetch("depeches", site.feed_url)


def test_empty_notfeed_and_forbidden(corpus):
    spec = f"{FRENCH_SLUG}:empty,{ARABIC_SLUG}:notfeed,hebdo-test:forbidden"
    with StandinNetwork(corpus, faults=spec) as running:
        empty = httpx.get(site_of(running, FRENCH_SLUG).feed_url)
        assert (empty.status_code, empty.content) == (200, b"")
        not_a_feed = httpx.get(site_of(running, ARABIC_SLUG).feed_url)
        assert not_a_feed.headers["content-type"].startswith("text/html")
        assert parse_feed(not_a_feed).entries == []
        assert httpx.get(site_of(running, "hebdo-test").home_url).status_code == 403


def test_a_star_applies_to_every_outlet_but_never_to_the_ground_truth(corpus):
    with StandinNetwork(corpus, faults="*:error=1") as running:
        for site in running.sites:
            assert httpx.get(site.feed_url).status_code in (500, 502, 503)
            assert httpx.get(site.url("/_standin/articles.json")).status_code == 200


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nowhere:latency=1", "unknown outlet 'nowhere'"),
        ("a:slowness=1", "unknown fault 'slowness'"),
        ("a:error=2", "bad value '2'"),
        ("a:latency", "latency needs a value"),
        ("a:malformed=yes", "malformed takes no value"),
        ("a:charset=klingon", "unknown encoding 'klingon'"),
        ("a:robots=allow", "robots=disallow"),
        ("a:error=0.6,a:reset=0.6", "add up to more than 1"),
        ("latency=1", "expected <outlet slug>:<fault>"),
    ],
)
def test_bad_fault_specs_are_refused_clearly(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_faults(spec, ["a", "b"])


def test_repeated_and_star_items_combine_in_order():
    faults = parse_faults("*:latency=1,a:latency=0,a:error=0.2", ["a", "b"])
    assert (faults["a"].latency, faults["a"].error) == (0, 0.2)
    assert faults["b"].latency == 1


def test_every_fault_is_documented():
    documented = fault_help()
    for name in VALUE_PARSERS:
        assert f"\n{name}" in documented


# --------------------------------------------------------------------------- lifecycle


def free_port_run(length: int) -> int:
    """A port P with P..P+length-1 all free (probed, so a race is possible but unlikely)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + length > 65535:
            continue
        try:
            for port in range(base, base + length):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    pytest.skip("no run of free ports found")


def test_a_fixed_port_puts_outlets_on_the_following_ports_and_stop_frees_them(corpus):
    base = free_port_run(len(OUTLETS) + 1)
    running = StandinNetwork(corpus, index_port=base).start()
    assert running.index_url == f"http://127.0.0.1:{base}/"
    assert [site.port for site in running.sites] == list(range(base + 1, base + 1 + len(OUTLETS)))
    idle = httpx.Client()
    idle.get(running.sites[0].home_url)  # a kept-alive connection must not hold stop() up
    running.stop()
    idle.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{base + 1}/")
    with StandinNetwork(corpus, index_port=base) as again:  # the ports are free again
        assert httpx.get(again.sites[0].home_url).status_code == 200


def test_a_taken_port_is_a_clear_error_and_nothing_stays_bound(corpus):
    base = free_port_run(len(OUTLETS) + 1)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", base + 2))
        blocker.listen()
        with pytest.raises(StandinError, match=f"127.0.0.1:{base + 2}"):
            StandinNetwork(corpus, index_port=base).start()
    with StandinNetwork(corpus, index_port=base) as running:
        assert running.sites[1].port == base + 2


def test_only_loopback_is_accepted(corpus):
    with pytest.raises(ValueError, match="127.0.0.1 only"):
        StandinNetwork(corpus, host="0.0.0.0")


# --------------------------------------------------------------------------- the command


def depeches(*args: str, tmp_path: Path) -> subprocess.Popen:
    env = os.environ | {"DEPECHES_DATA": str(tmp_path / "data")}
    return subprocess.Popen(
        [sys.executable, "-m", "depeches", "standin", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def write_small_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    lines = [json.dumps(line, ensure_ascii=False) for line in corpus_lines()]
    path.write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corpus", "absent.jsonl"], "corpus file not found: absent.jsonl"),
        (["--faults", "nowhere:latency=1"], "unknown outlet 'nowhere'"),
    ],
)
def test_the_command_refuses_bad_input_in_one_line(tmp_path, args, message):
    corpus_args = [] if "--corpus" in args else ["--corpus", str(write_small_corpus(tmp_path))]
    process = depeches(*corpus_args, *args, "--port", "0", tmp_path=tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert message in err.strip().splitlines()[-1]
    assert "Traceback" not in err


def test_the_command_serves_until_sigterm(tmp_path):
    process = depeches(
        "--corpus", str(write_small_corpus(tmp_path)), "--port", "0", tmp_path=tmp_path
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("index: "):
                break
        index_url = lines[-1].split()[1]
        listing = httpx.get(index_url + "outlets.json").json()
        assert len(listing) == len(OUTLETS)
        assert any(listing[0]["feed_url"] in line for line in lines)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert f"small.jsonl:{len(corpus_lines()) + 1}: not JSON" in err
    assert "1 corpus line(s) skipped" in err


# --------------------------------------------------------------------------- full corpus


@pytest.mark.shared_corpus
def test_the_shared_corpus_serves_as_ten_outlets_with_full_feeds():
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent ({SHARED_CORPUS})")
    articles_dir = SHARED_CORPUS / "articles"
    load = load_corpus([articles_dir / "fr.jsonl", articles_dir / "ar.jsonl"])
    with StandinNetwork(load.articles, outlets=10, feed_size=0) as running:
        assert len(running.sites) == 10
        with httpx.Client(timeout=30) as http:
            for site in running.sites:
                # ElementTree for all (feedparser takes seconds on thousands of entries)...
                root = ET.fromstring(http.get(site.feed_url).content)
                entries = root.iter("item" if site.feed_format == "rss" else f"{ATOM}entry")
                assert len(list(entries)) == len(site.articles)
            smallest = min(running.sites, key=lambda site: len(site.articles))
            assert parse_feed(http.get(smallest.feed_url)).bozo == 0  # ...feedparser for one
            biggest = max(running.sites, key=lambda site: len(site.articles))
            sitemap = http.get(biggest.url("/sitemap.xml")).content
            assert len(list(ET.fromstring(sitemap).iter(f"{SITEMAP}url"))) == len(biggest.articles)
