"""The crawl worker against stand-in outlets on 127.0.0.1: real HTTP, real database."""

from datetime import timedelta

import httpx
import pytest

from depeches.articles.models import Article
from depeches.crawl.worker import Crawler
from depeches.demo.following import follow_sites
from depeches.sources.models import Feed

pytestmark = pytest.mark.django_db


def follow(network):
    follow_sites(network.sites, request_delay=0.0)
    return network


@pytest.fixture
def followed(standin):
    return follow(standin)


def ground_truth(network) -> dict[str, dict]:
    truth = {}
    for site in network.sites:
        for item in httpx.get(f"{site.home_url.rstrip('/')}/_standin/articles.json").json():
            truth[item["url"]] = item | {"outlet": site.slug}
    return truth


def test_every_article_arrives_once_with_its_outlet_title_date_and_language(followed):
    crawler = Crawler()
    crawler.run_until_idle()
    truth = ground_truth(followed)
    stored = {article.url: article for article in Article.objects.select_related("outlet")}
    assert set(stored) == set(truth)
    for url, expected in truth.items():
        article = stored[url]
        assert article.outlet.slug == expected["outlet"]
        assert article.title == expected["title"]
        assert article.language == expected["lang"]
        assert article.published_at.isoformat() == expected["published"].replace("Z", "+00:00")
        assert article.extraction == Article.Extraction.DONE
        assert len(article.text) > 80
    assert crawler.counts["articles_created"] == len(truth)
    assert Feed.objects.filter(last_status=200, error_streak=0).count() == len(followed.sites)


def test_a_second_poll_is_a_304_and_adds_nothing(followed):
    Crawler().run_until_idle()
    count = Article.objects.count()
    Feed.objects.update(next_check_at=Feed.objects.first().created_at)
    crawler = Crawler()
    crawler.run_until_idle()
    assert crawler.counts["not_modified"] == len(followed.sites)
    assert Article.objects.count() == count


def test_a_newly_published_article_arrives_at_the_next_poll(small_corpus):
    from depeches.demo.corpus import load_corpus
    from depeches.demo.standin import StandinNetwork

    articles = load_corpus([small_corpus]).articles
    with StandinNetwork(articles, publish_every=3600, initial=len(articles) - 1) as network:
        follow(network)
        Crawler().run_until_idle()
        assert Article.objects.count() == len(articles) - 1
        network.publish_next()
        Feed.objects.update(next_check_at=Feed.objects.first().created_at)
        Crawler().run_until_idle()
    assert Article.objects.count() == len(articles)


def test_a_feed_longer_than_one_poll_is_taken_in_several(followed, monkeypatch):
    monkeypatch.setattr("depeches.crawl.worker.MAX_NEW_ARTICLES_PER_POLL", 1)
    crawler = Crawler()
    crawler.run_until_idle()
    assert Article.objects.count() == len(ground_truth(followed))
    # Validators are kept only once the feed was read to its end.
    assert all(feed.etag for feed in Feed.objects.all())


def test_a_page_that_failed_is_fetched_again_later(followed):
    Crawler().run_until_idle()
    article = Article.objects.first()
    feed_text = "Texte du flux seulement."
    Article.objects.filter(pk=article.pk).update(
        extraction=Article.Extraction.FEED_ONLY,
        extraction_error="timeout",
        text=feed_text,
        updated_at=article.updated_at - timedelta(hours=1),
    )
    crawler = Crawler()
    assert crawler.retry_failed_pages() == 1
    article.refresh_from_db()
    assert article.extraction == Article.Extraction.DONE and article.text != feed_text
    assert crawler.retry_failed_pages() == 0


def test_duplicates_inside_one_feed_and_odd_entries_store_each_article_once(followed):
    from dataclasses import replace

    from depeches.crawl.feeds import FeedEntry, parse_feed

    feed = Feed.objects.select_related("outlet").first()
    parsed = parse_feed(httpx.get(feed.url).content, feed.url)
    first = parsed.entries[0]
    odd = [
        first,
        replace(first),  # the same entry twice
        replace(first, link=first.link + "?utm_source=rss"),  # a URL variant
        replace(first, link="", guid="no-link"),  # no link: nothing to fetch
        FeedEntry(guid=first.guid, link=first.link, title=""),  # no title, no date
    ]
    crawler = Crawler()
    crawler.store_entries(feed, odd)
    assert Article.objects.count() == 1
    assert crawler.counts["articles_created"] == 1
