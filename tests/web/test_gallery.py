"""/images/: the latest pictures with their articles, filtered, paged, never a blocked one."""

from __future__ import annotations

import pytest

from depeches.images.models import Image
from tests.web.conftest import (
    get,
    html_of,
    make_article,
    make_outlet,
    make_picture,
    minutes_ago,
    one,
    rubrique,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlets(media_root):
    return make_outlet("Le Quotidien", slug="quotidien"), make_outlet(
        "الصباح", slug="assabah", language="ar"
    )


def tiles(response) -> list[str]:
    return [
        text_of(one(tile, ".gallery-article"))
        for tile in html_of(response).cssselect(".gallery li")
    ]


def test_latest_pictures_each_with_its_article_and_report_control(client, outlets):
    french, arabic = outlets
    older = make_article(french, "Le port de Tanger", published_at=minutes_ago(30))
    make_picture(older)
    newer = make_article(arabic, "ميناء طنجة", published_at=minutes_ago(5))
    use = make_picture(newer)
    response = client.get("/images/")
    assert response.status_code == 200
    assert tiles(response) == ["ميناء طنجة", "Le port de Tanger"]
    page = html_of(response)
    tile = page.cssselect(".gallery li")[0]
    assert one(tile, ".gallery-article a").get("href") == newer.get_absolute_url()
    assert one(tile, ".gallery-article").get("dir") == "auto"
    assert "الصباح" in text_of(one(tile, ".meta"))
    link = one(tile, f'.picture[data-image-id="{use.image_id}"] a.report-link')
    assert link.get("href").startswith(f"/images/{use.image_id}/signaler/?next=%2Fimages%2F")


def test_a_picture_used_twice_shows_once_with_its_latest_article(client, outlets):
    french, _ = outlets
    first = make_article(french, "Première", published_at=minutes_ago(60))
    image = make_picture(first).image
    second = make_article(french, "Reprise", published_at=minutes_ago(1))
    second.image_uses.create(image=image, is_lead=True)
    assert tiles(client.get("/images/")) == ["Reprise"]


def test_blocked_pictures_are_left_out(client, outlets):
    french, _ = outlets
    make_picture(make_article(french, "Visible"))
    make_picture(make_article(french, "Bloquée"), status=Image.Status.BLOCKED)
    assert tiles(client.get("/images/")) == ["Visible"]


def test_filters_by_outlet_and_rubrique(client, outlets):
    french, arabic = outlets
    sport = rubrique("sport")
    make_picture(make_article(french, "Match", rubrique=sport))
    make_picture(make_article(french, "Bourse"))
    make_picture(make_article(arabic, "مباراة", rubrique=sport))
    assert tiles(client.get("/images/?source=quotidien")) == ["Bourse", "Match"]
    assert set(tiles(client.get("/images/?rubrique=sport"))) == {"Match", "مباراة"}
    assert tiles(client.get("/images/?source=assabah&rubrique=sport")) == ["مباراة"]
    page = html_of(client.get("/images/?source=assabah"))
    assert one(page, "select[name=source] option[selected]").get("value") == "assabah"
    assert client.get("/images/?source=nowhere").status_code == 404


def test_pages_keep_the_filters(client, outlets):
    french, _ = outlets
    for number in range(26):
        make_picture(make_article(french, f"Photo {number}"))
    first = html_of(client.get("/images/?source=quotidien"))
    assert one(first, "a[rel=next]").get("href") == "?source=quotidien&page=2"
    second = client.get("/images/?source=quotidien&page=2")
    assert len(tiles(second)) == 2
    assert one(html_of(second), "a[rel=prev]").get("href") == "/images/?source=quotidien"
    assert client.get("/images/?page=9").status_code == 404


def test_the_arabic_gallery(client, outlets):
    response = get(client, "/images/", "ar")
    page = html_of(response)
    assert one(page, "html").get("dir") == "rtl"
    assert text_of(one(page, "main h1")) == "صور الصحافة"
    assert text_of(one(page, "main .empty")) == "لا توجد صور تطابق هذه المرشحات."


def test_pictures_are_searchable_by_the_words_of_their_articles(client, outlets):
    french, arabic = outlets
    make_picture(make_article(french, "Séisme dans le Haouz"))
    make_picture(make_article(french, "Les élections communales"))
    make_picture(make_article(arabic, "زلزال الحوز"))
    assert tiles(client.get("/images/?q=seisme")) == ["Séisme dans le Haouz"]
    assert tiles(client.get("/images/?q=الزلزال")) == ["زلزال الحوز"]
    assert tiles(client.get("/images/?q=election+source:quotidien")) == ["Les élections communales"]
    empty = html_of(client.get("/images/?q=introuvable"))
    assert text_of(one(empty, "main .empty")) == "Aucune image ne correspond à ces filtres."
    assert one(empty, ".gallery-filters input[name=q]").get("value") == "introuvable"
