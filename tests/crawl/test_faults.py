"""Misbehaving outlets (the stand-ins' faults): each gets the right outcome, none crashes
the worker, and the well-behaved outlets are crawled as usual."""

import pytest

from depeches.articles.models import Article
from depeches.crawl.models import Host
from depeches.crawl.politeness import origin_of
from depeches.crawl.worker import Crawler
from depeches.demo.corpus import load_corpus
from depeches.demo.following import follow_sites
from depeches.demo.standin import StandinNetwork
from depeches.sources.models import Feed

pytestmark = pytest.mark.django_db

FRENCH, ARABIC = "le-quotidien-d-essai", "tajriba"


def crawl_with(small_corpus, faults: str):
    """Crawl the small corpus' two outlets once, `faults` on; returns the stand-ins' log."""
    requests: list[str] = []
    articles = load_corpus([small_corpus]).articles
    with StandinNetwork(articles, faults=faults, log=requests.append) as network:
        follow_sites(network.sites, request_delay=0.0)
        crawler = Crawler()
        crawler.run_until_idle()
        crawler.close()
    return requests


def feed_of(slug: str) -> Feed:
    return Feed.objects.get(outlet__slug=slug)


def articles_of(slug: str) -> list[Article]:
    return list(Article.objects.filter(outlet__slug=slug))


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("error=1", "server_error"),
        ("ratelimit=1", "too_many_requests"),
        ("reset=1", "connection_reset"),
        ("empty", "empty_body"),
        ("notfeed", "not_a_feed"),
        ("forbidden", "http_forbidden"),
        ("redirectloop", "too_many_redirects"),
    ],
)
def test_a_failing_feed_records_its_reason_and_backs_off(small_corpus, fault, reason):
    crawl_with(small_corpus, f"{FRENCH}:{fault}")
    feed = feed_of(FRENCH)
    assert (feed.last_error_code, feed.error_streak) == (reason, 1)
    assert feed.next_check_at > feed.last_checked_at
    assert articles_of(FRENCH) == []
    assert len(articles_of(ARABIC)) == 1 and feed_of(ARABIC).error_streak == 0


def test_retry_after_keeps_every_worker_off_the_host(small_corpus):
    crawl_with(small_corpus, f"{FRENCH}:ratelimit=1,{FRENCH}:retryafter=120")
    host = Host.objects.get(origin=origin_of(feed_of(FRENCH).url))
    assert (host.next_request_at - feed_of(FRENCH).last_checked_at).total_seconds() > 100


def test_a_malformed_feed_keeps_its_readable_entries(small_corpus):
    crawl_with(small_corpus, f"{FRENCH}:malformed")
    feed = feed_of(FRENCH)
    assert feed.last_error_code == "malformed_feed" and feed.error_streak == 0
    assert len(articles_of(FRENCH)) >= 1


@pytest.mark.parametrize("fault", ["charset=windows-1256", "wrongcharset=windows-1256"])
def test_arabic_in_windows_1256_reads_right(small_corpus, fault):
    crawl_with(small_corpus, f"{ARABIC}:{fault}")
    (article,) = articles_of(ARABIC)
    assert article.title == "افتتاح خط جديد للترامواي في الرباط"
    assert "حيز الخدمة" in article.text and "\ufffd" not in article.text


def test_french_in_windows_1252_reads_right(small_corpus):
    crawl_with(small_corpus, f"{FRENCH}:charset=windows-1252")
    titles = sorted(article.title for article in articles_of(FRENCH))
    assert titles[0] == "Le port de Tanger Med bat un record de trafic"
    assert all("é" in article.text for article in articles_of(FRENCH))


def test_a_gigantic_page_keeps_the_feeds_content(small_corpus, settings):
    settings.DEPECHES_FETCH_MAX_BYTES = 2_000_000
    crawl_with(small_corpus, f"{FRENCH}:huge=3")
    feed = feed_of(FRENCH)
    # The feed itself is huge too: refused, reason recorded, nothing half-read stored.
    assert feed.last_error_code == "body_too_large"


def test_robots_disallow_all_means_nothing_is_requested_but_robots_txt(small_corpus):
    requests = crawl_with(small_corpus, f"{FRENCH}:robots=disallow")
    french_requests = [line for line in requests if f"'{FRENCH}'" in line]
    assert french_requests and all("/robots.txt" in line for line in french_requests)
    assert feed_of(FRENCH).last_error_code == "robots_disallowed"
    assert len(articles_of(ARABIC)) == 1


def test_slow_outlets_are_waited_for(small_corpus):
    crawl_with(small_corpus, "*:latency=0.05")
    assert len(articles_of(FRENCH)) == 2 and len(articles_of(ARABIC)) == 1
