"""RSS feeds, sitemaps and robots.txt, read back with the parsers a reader's tools use."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import Client

from depeches.images.models import Image
from tests.web.conftest import (
    html_of,
    make_article,
    make_outlet,
    make_picture,
    minutes_ago,
    one,
    rubrique,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def outlets(media_root):
    return make_outlet("Le Quotidien", slug="quotidien"), make_outlet(
        "الصباح", slug="assabah", language="ar"
    )


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_latest_articles_newest_first_leading_to_their_pages(client, outlets):
    french, arabic = outlets
    older = make_article(french, "Le port de Tanger", published_at=minutes_ago(30), lead="Trafic")
    newer = make_article(arabic, "ميناء طنجة", published_at=minutes_ago(5))
    feed = parsed(client, "/rss/")
    assert [entry.title for entry in feed.entries] == ["ميناء طنجة", "Le port de Tanger"]
    first, second = feed.entries
    assert first.link == f"http://testserver{newer.get_absolute_url()}"
    assert first.author == "الصباح"
    assert second.summary == "Trafic"
    assert second.link.endswith(older.get_absolute_url())


def test_the_site_links_its_feed(client, outlets):
    page = html_of(client.get("/"))
    assert one(page, 'link[rel=alternate][type="application/rss+xml"]').get("href") == "/rss/"
    assert any(a.get("href") == "/rss/" for a in page.cssselect("footer a"))


def test_outlet_and_rubrique_feeds(client, outlets):
    french, arabic = outlets
    make_article(french, "Match", rubrique=rubrique("sport"))
    make_article(arabic, "مباراة", rubrique=rubrique("sport"))
    make_article(french, "Bourse")
    assert [e.title for e in parsed(client, "/source/assabah/rss/").entries] == ["مباراة"]
    sport = parsed(client, "/rubrique/sport/rss/")
    assert sorted(e.title for e in sport.entries) == ["Match", "مباراة"]
    assert sport.entries[0].tags[0].term == rubrique("sport").name_fr
    assert client.get("/source/nowhere/rss/").status_code == 404


def test_a_lead_picture_is_an_enclosure_unless_blocked(client, outlets):
    french, _ = outlets
    shown = make_article(french, "Avec image")
    use = make_picture(shown)
    hidden = make_article(french, "Image bloquée")
    make_picture(hidden, status=Image.Status.BLOCKED)
    entries = {entry.title: entry for entry in parsed(client, "/rss/").entries}
    (enclosure,) = entries["Avec image"].enclosures
    assert enclosure.href == f"http://testserver/images/{use.image_id}/thumb.webp"
    assert enclosure.type == "image/webp" and int(enclosure.length) > 0
    assert entries["Image bloquée"].enclosures == []


def test_a_new_article_is_in_the_feed_at_once(client, outlets, django_capture_on_commit_callbacks):
    french, _ = outlets
    make_article(french, "Première")
    assert len(parsed(client, "/rss/").entries) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_article(french, "Seconde")
    assert [e.title for e in parsed(client, "/rss/").entries] == ["Seconde", "Première"]


def test_sitemaps_list_articles_outlets_and_rubriques(client, outlets):
    french, _ = outlets
    article = make_article(french, "Dans le plan du site")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-articles.xml" in sections
    articles = ET.fromstring(client.get("/sitemap-articles.xml").content)
    locations = [loc.text for loc in articles.iter(f"{SITEMAP}loc")]
    assert f"http://testserver{article.get_absolute_url()}" in locations
    outlet_map = client.get("/sitemap-sources.xml").content.decode()
    assert "http://testserver/source/quotidien/" in outlet_map


def test_robots_txt_points_at_the_sitemap(client, db):
    text = Client().get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /recherche/" in text


def test_outlet_and_rubrique_pages_link_their_feeds(client, outlets):
    outlet_page = html_of(client.get("/source/quotidien/"))
    feeds = [link.get("href") for link in outlet_page.cssselect("link[rel=alternate]")]
    assert "/source/quotidien/rss/" in feeds
    rubrique_page = html_of(client.get("/rubrique/sport/"))
    feeds = [link.get("href") for link in rubrique_page.cssselect("link[rel=alternate]")]
    assert "/rubrique/sport/rss/" in feeds


def test_feeds_in_the_arabic_interface(client, outlets):
    feed = feedparser.parse(client.get("/rss/", headers={"accept-language": "ar"}).content)
    assert feed.feed.title == "depeches: كل الصحافة المغربية"
