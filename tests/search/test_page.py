"""The search page, its JSON and its RSS feed, as readers and programs get them."""

from __future__ import annotations

import json
from datetime import timedelta

import lxml.etree
import pytest
from django.core.management import call_command
from django.utils import timezone

from depeches.articles.models import Article
from depeches.search.models import Document
from tests.search.conftest import make_article, make_outlet
from tests.web.conftest import get, html_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    outlet = make_outlet("Le Quotidien", slug="quotidien")
    arabic = make_outlet("الصحيفة", slug="sahifa", language="ar")
    now = timezone.now()
    for number in range(25):
        make_article(
            outlet,
            f"Les élections à Rabat, épisode {number}",
            text=f"Premier paragraphe sans rapport. Les élections de Rabat ont lieu ({number}).",
            published_at=now - timedelta(hours=number),
        )
    make_article(arabic, "الانتخابات في الرباط", text="صوت الناخبون في الرباط.")


def test_results_with_count_highlight_and_pagination(client, articles):
    response = get(client, "/recherche/?q=élections")
    assert response.status_code == 200
    page = html_of(response)
    assert "25 articles" in text_of(page.cssselect(".count")[0])
    assert len(page.cssselect(".result")) == 20
    marked = page.cssselect(".result .item-title mark")
    assert [text_of(mark) for mark in marked][:1] == ["élections"]
    assert page.cssselect(".result .snippet mark")
    assert page.cssselect(".result bdi")[0].text == "Le Quotidien"
    next_link = page.cssselect("a[rel=next]")[0].get("href")
    assert next_link == "?q=%C3%A9lections&page=2"
    second = html_of(get(client, "/recherche/" + next_link))
    assert len(second.cssselect(".result")) == 5
    assert second.cssselect("a[rel=prev]")[0].get("href") == "?q=%C3%A9lections"
    assert get(client, "/recherche/?q=élections&page=3").status_code == 404


def test_sort_by_date_link(client, articles):
    page = html_of(get(client, "/recherche/?q=rabat&sort=date"))
    first = text_of(page.cssselect(".result .item-title")[0])
    assert first == "Les élections à Rabat, épisode 0" or first == "الانتخابات في الرباط"
    assert "sort=relevance" in page.cssselect(".sort a")[0].get("href")


def test_arabic_interface(client, articles):
    page = html_of(get(client, "/recherche/?q=الانتخابات", language="ar"))
    assert page.get("dir") == "rtl"
    assert text_of(page.cssselect(".result .item-title")[0]) == "الانتخابات في الرباط"


def test_header_search_box_points_here(client, articles):
    form = html_of(get(client, "/"))
    box = form.cssselect("header form.search")[0]
    assert box.get("action") == "/recherche/"
    assert box.cssselect("input")[0].get("name") == "q"


def test_no_result_suggests_what_to_drop(client, articles):
    page = html_of(get(client, "/recherche/?q=élections&lang=ar"))
    assert page.cssselect(".no-results")
    links = [a.get("href") for a in page.cssselect(".suggestions a")]
    assert "?q=%C3%A9lections" in links
    assert any("lang=fr" in link for link in links)
    page = html_of(get(client, "/recherche/?q=élections -rabat"))
    # Every article mentions Rabat: without the exclusion, the words alone find them.
    assert [a.get("href") for a in page.cssselect(".suggestions a")] == ["?q=%C3%A9lections"]


def test_empty_page_explains_the_syntax(client, articles):
    page = html_of(get(client, "/recherche/"))
    assert page.cssselect(".search-help")
    assert not page.cssselect(".results-header")


@pytest.mark.parametrize(
    "query",
    [
        '"coupe du monde',
        "OR",
        "-",
        "intitle:",
        "le la de",
        "x" * 1000,
        "rabat\x00\x1b[31m",
        "after:2025-13-45 rabat",
        "source: rubrique: lang:xx",
        '"""',
        "-rabat",
        "*",
        "NEAR(rabat casablanca)",
        "rabat AND NOT",
        "{title}: rabat",
        "'; DROP TABLE articles_article; --",
    ],
)
def test_malformed_queries_never_fail(client, articles, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    json_response = client.get("/recherche/", {"q": query, "format": "json"})
    assert json_response.status_code == 200


def test_malformed_query_is_explained(client, articles):
    page = html_of(client.get("/recherche/", {"q": "le la de"}))
    assert "trop courants" in text_of(page.cssselect(".note")[0])


def test_bad_filter_values_are_ignored(client, articles):
    response = client.get(
        "/recherche/", {"q": "rabat", "lang": "xx", "start": "hier", "sort": "?", "period": "1"}
    )
    assert response.status_code == 200
    assert "25 articles" in text_of(html_of(response).cssselect(".count")[0])


def test_json(client, articles):
    response = client.get("/recherche/", {"q": "élections", "format": "json", "page": "2"})
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert data["total"] == 25 and data["page"] == 2 and len(data["results"]) == 5
    first = data["results"][0]
    assert first["outlet"] == {"slug": "quotidien", "name": "Le Quotidien"}
    assert first["url"].startswith("http://testserver/article/")
    assert "<mark>" in first["snippet_html"] and "<mark>" not in first["snippet"]


def test_rss_feed_of_a_search(client, articles):
    response = client.get("/recherche/rss/", {"q": "الانتخابات"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = lxml.etree.fromstring(response.content)
    assert [item.findtext("title") for item in feed.iter("item")] == ["الانتخابات في الرباط"]
    page = html_of(get(client, "/recherche/?q=rabat"))
    assert page.cssselect('link[type="application/rss+xml"][href^="/recherche/rss/?q=rabat"]')


def test_reindex_command_rebuilds_the_index(articles, capsys):
    Document.objects.all().delete()
    Article.objects.filter(title__startswith="Les").update(title="Canicule")
    call_command("reindex")
    assert "26 articles indexed" in capsys.readouterr().out
    assert Document.objects.count() == 26
    from tests.search.conftest import titles

    assert len(titles("canicule")) == 25
