"""The home page: "À la une" (top stories, or the latest articles with pictures until stories
exist), then the latest articles of each rubrique."""

from __future__ import annotations

from datetime import timedelta

import pytest

from depeches.images.models import Image
from depeches.web.queries import PER_RUBRIQUE
from tests.web.conftest import (
    get,
    html_of,
    make_article,
    make_outlet,
    make_picture,
    make_story,
    minutes_ago,
    one,
    rubrique,
    text_of,
)

pytestmark = pytest.mark.django_db


def top_titles(response) -> list[str]:
    return [text_of(title) for title in html_of(response).cssselect(".top .item-title")]


def test_until_stories_exist_the_latest_articles_with_pictures_lead(client, media_root):
    outlet = make_outlet()
    with_picture = make_article(outlet, "Avec image", published_at=minutes_ago(30))
    make_picture(with_picture, caption="La légende")
    make_article(outlet, "Sans image", published_at=minutes_ago(5))
    blocked = make_article(outlet, "Image bloquée", published_at=minutes_ago(1))
    make_picture(blocked, status=Image.Status.BLOCKED)
    response = client.get("/")
    assert top_titles(response) == ["Avec image"]
    img = one(html_of(response), ".top .thumbnail img")
    use = with_picture.image_uses.get()
    assert img.get("src") == f"/images/{use.image_id}/thumb.webp"
    assert (img.get("width"), img.get("height")) == ("480", "270")
    assert img.get("alt") == "La légende"
    assert img.get("loading") == "lazy"


def test_top_stories_are_those_covered_by_the_most_outlets_in_the_last_day(client, media_root):
    outlets = [make_outlet(f"Média {n}") for n in range(4)]
    wide = [
        make_article(o, f"Large {n}", published_at=minutes_ago(50 - n))
        for n, o in enumerate(outlets)
    ]
    make_picture(wide[2])
    narrow = [make_article(o, f"Étroit {n}") for n, o in enumerate(outlets[:2])]
    old = [
        make_article(o, f"Ancien {n}", published_at=minutes_ago(60 * 30))
        for n, o in enumerate(outlets)
    ]
    make_story(*wide), make_story(*narrow), make_story(*old)
    response = get(client, "/", "fr")
    # The lead article: one with a picture, before the first published.
    assert top_titles(response) == ["Large 2", "Étroit 0"]
    coverage = [text_of(c) for c in html_of(response).cssselect(".top .coverage")]
    assert coverage == ["couvert par 4 médias", "couvert par 2 médias"]
    arabic = [text_of(c) for c in html_of(get(client, "/", "ar")).cssselect(".top .coverage")]
    assert arabic == ["تناولته 4 منابر", "تناوله منبران"]


def test_each_rubrique_shows_its_latest_few_articles(client):
    outlet = make_outlet()
    for n in range(PER_RUBRIQUE + 2):
        make_article(outlet, f"Sport {n}", rubrique=rubrique("sport"), published_at=minutes_ago(n))
    make_article(outlet, "Météo 0", rubrique=rubrique("meteo"))
    page = html_of(client.get("/"))
    sections = {
        text_of(one(section, "h2")): [text_of(t) for t in section.cssselect(".item-title")]
        for section in page.cssselect("section.rubrique-section")
    }
    assert sections == {
        "Sport": [f"Sport {n}" for n in range(PER_RUBRIQUE)],
        "Météo": ["Météo 0"],
    }
    assert one(page, "#rubrique-sport a").get("href") == "/rubrique/sport/"


def test_items_show_outlet_and_relative_time_in_both_languages(client):
    outlet = make_outlet("صحيفة التجربة", language="ar")
    make_article(outlet, "خبر", rubrique=rubrique("sport"), published_at=minutes_ago(12.5))
    french = one(html_of(get(client, "/", "fr")), ".rubrique-section .meta")
    arabic = one(html_of(get(client, "/", "ar")), ".rubrique-section .meta")
    assert text_of(french) == "صحيفة التجربة · il y a 12 min"
    assert text_of(arabic) == "صحيفة التجربة · منذ 12 دقيقة"
    assert one(french, "time").get("datetime").endswith(("+01:00", "+00:00"))


def test_empty_site_says_the_outlets_are_being_read(client):
    page = html_of(client.get("/"))
    assert "en cours de lecture" in text_of(one(page, ".top"))


def test_home_offers_the_new_articles_notice_for_the_script(client):
    notice = one(html_of(get(client, "/", "ar")), "#new-articles")
    assert notice.get("hidden") is not None
    assert notice.get("data-two") == "مقالان جديدان"
    assert notice.get("data-few") == "{n} مقالات جديدة"
    french = one(html_of(get(client, "/", "fr")), "#new-articles")
    assert (french.get("data-one"), french.get("data-other")) == (
        "{n} nouvel article",
        "{n} nouveaux articles",
    )


def test_story_window_is_a_day(client):
    outlet, other = make_outlet(), make_outlet()
    a = make_article(outlet, "Hier", published_at=minutes_ago(60 * 24) - timedelta(minutes=5))
    b = make_article(other, "Hier aussi", published_at=minutes_ago(60 * 24) - timedelta(minutes=9))
    make_story(a, b)
    assert top_titles(client.get("/")) == []
